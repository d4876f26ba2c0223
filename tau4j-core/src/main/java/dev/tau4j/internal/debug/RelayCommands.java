package dev.tau4j.internal.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.ResponseHandle;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.G711;
import dev.tau4j.audio.Resampler;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.internal.codec.Json;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the debug server's commands for one session (what the UI typed or said into the
 * microphone for <em>this</em> session; the server routes them) and runs them, in order, on one
 * virtual thread: never on the session's reader, never on the socket's reader.
 *
 * <ul>
 *   <li>{@code tau.user_text {text}}: a user message, then a response.</li>
 *   <li>{@code tau.input_audio {audio}}: base64 PCM16 24 kHz mono, appended to the input buffer
 *       (converted to G.711 when the session's input format is G.711).</li>
 *   <li>{@code tau.input_audio_end}: push-to-talk released; with turn detection off, commit and
 *       respond (server VAD does both by itself).</li>
 * </ul>
 * At most {@link #MAX_PENDING} commands wait; microphone chunks beyond that are dropped and counted.
 * Until the debug server proved it holds the token ({@link RelayAuth}), its first message is the
 * answer to the relay's challenge and anything else is ignored: no command runs before that.
 */
final class RelayCommands implements WebSocket.Listener {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    static final int MAX_PENDING = 256;
    /** Microphone chunks larger than this (about 10 s of audio) are refused. */
    static final int MAX_AUDIO_CHUNK_BYTES = 512 * 1024;
    static final int MAX_TEXT_CHARS = 32 * 1024;

    private final Session session;
    private final Relay relay;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("tau4j-debug-commands").factory());
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong droppedInputAudio = new AtomicLong();
    /** The server's first message: its answer to the challenge. Fails when the socket ends first. */
    private final CompletableFuture<String> firstMessage = new CompletableFuture<>();
    /** False until the server proved it holds the token; then commands are run. */
    private volatile boolean authenticated;
    /** Fragments of the message being received; null between messages. Socket-reader confined. */
    private StringBuilder partial;
    /** 24 kHz → 8 kHz for G.711 sessions; created on first use. Runner-confined. */
    private Resampler toTelephone;
    /** The session object the encoding was read from, and that encoding. Runner-confined. */
    private SessionInfo encodingOf;
    private AudioFormat.Encoding encoding = AudioFormat.Encoding.PCM16;

    RelayCommands(Session session, Relay relay) {
        this.session = session;
        this.relay = relay;
    }

    CompletableFuture<String> firstMessage() {
        return firstMessage;
    }

    /** The server proved it holds the token: its messages are commands from now on. */
    void authenticated() {
        authenticated = true;
    }

    long droppedInputAudio() {
        return droppedInputAudio.get();
    }

    void close() {
        runner.shutdown();
    }

    @Override
    public void onOpen(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (!last) {
            if (partial == null) {
                partial = new StringBuilder();
            }
            if (partial.length() + data.length() > 2L * MAX_AUDIO_CHUNK_BYTES) {
                ws.abort();
                relay.lost("a command over " + 2 * MAX_AUDIO_CHUNK_BYTES + " characters");
                return null;
            }
            partial.append(data);
        } else {
            String text = partial == null ? data.toString() : partial.append(data).toString();
            partial = null;
            accept(text);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        firstMessage.completeExceptionally(new IllegalStateException("closed " + statusCode));
        relay.lost("closed " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        firstMessage.completeExceptionally(error);
        relay.lost(String.valueOf(error));
    }

    /** Parses one command and queues it for the runner. */
    void accept(String text) {
        if (!authenticated) {
            if (!firstMessage.complete(text)) {
                LOG.log(System.Logger.Level.DEBUG, "τ debug relay: ignoring a message of an unauthenticated peer");
            }
            return;
        }
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "τ debug relay: ignoring an unreadable command");
            return;
        }
        String type = m.path("type").asText("");
        switch (type) {
            case "tau.input_audio" -> {
                byte[] pcm = decodeAudio(m.path("audio").asText(""));
                if (pcm == null) {
                    relay.commandFailed(type, new IllegalArgumentException(
                            "audio must be base64 PCM16 (an even number of bytes, at most " + MAX_AUDIO_CHUNK_BYTES + ")"));
                } else if (!submit(() -> appendAudio(pcm), true)) {
                    droppedInputAudio.incrementAndGet();
                }
            }
            case "tau.user_text" -> {
                String userText = m.path("text").asText("");
                if (userText.isBlank() || userText.length() > MAX_TEXT_CHARS) {
                    relay.commandFailed(type, new IllegalArgumentException("text must be 1.." + MAX_TEXT_CHARS + " characters"));
                } else {
                    submit(() -> userText(userText), false);
                }
            }
            case "tau.input_audio_end" -> submit(this::inputAudioEnd, false);
            default -> LOG.log(System.Logger.Level.DEBUG, "τ debug relay: ignoring command {0}", type);
        }
    }

    private boolean submit(Runnable command, boolean droppable) {
        if (droppable && pending.get() >= MAX_PENDING) {
            return false;
        }
        pending.incrementAndGet();
        try {
            runner.execute(() -> {
                try {
                    command.run();
                } finally {
                    pending.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException closed) {
            pending.decrementAndGet();
            return false;
        }
    }

    private static byte[] decodeAudio(String base64) {
        if (base64.isEmpty() || base64.length() > MAX_AUDIO_CHUNK_BYTES * 4L / 3 + 4) {
            return null;
        }
        try {
            byte[] pcm = Base64.getDecoder().decode(base64);
            return pcm.length % 2 == 0 ? pcm : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void appendAudio(byte[] pcm24k) {
        try {
            SessionInfo config = session.sessionConfig();
            if (config != encodingOf) {
                encodingOf = config;
                encoding = inputEncoding(config);
            }
            byte[] audio = pcm24k;
            if (encoding != AudioFormat.Encoding.PCM16) {
                if (toTelephone == null) {
                    toTelephone = Resampler.create(24_000, 8_000);
                }
                audio = G711.encode(toTelephone.process(pcm24k), encoding);
            }
            if (!session.appendInputAudio(audio)) {
                droppedInputAudio.incrementAndGet();
            }
        } catch (RuntimeException e) {
            droppedInputAudio.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "τ debug relay: microphone audio not appended: {0}", e.toString());
        }
    }

    private void userText(String text) {
        try {
            session.user(text);
            ResponseHandle handle = session.requestResponse(ResponseOptions.DEFAULTS);
            handle.result().whenComplete((r, t) -> {
                if (t != null) {
                    relay.commandFailed("tau.user_text", t);
                }
            });
        } catch (RuntimeException e) {
            relay.commandFailed("tau.user_text", e);
        }
    }

    private void inputAudioEnd() {
        try {
            if (turnDetectionOff(session.sessionConfig())) {
                session.commitInputAudio();
                session.requestResponse(ResponseOptions.DEFAULTS).result().whenComplete((r, t) -> {
                    if (t != null) {
                        relay.commandFailed("tau.input_audio_end", t);
                    }
                });
            }
        } catch (RuntimeException e) {
            relay.commandFailed("tau.input_audio_end", e);
        }
    }

    /** The input encoding from the session object (GA {@code audio.input.format.type}, beta {@code input_audio_format}). */
    static AudioFormat.Encoding inputEncoding(SessionInfo config) {
        JsonNode s = sessionObject(config);
        String format = s.path("audio").path("input").path("format").path("type").asText(s.path("input_audio_format").asText(""));
        return switch (format) {
            case "audio/pcmu", "g711_ulaw" -> AudioFormat.Encoding.G711_ULAW;
            case "audio/pcma", "g711_alaw" -> AudioFormat.Encoding.G711_ALAW;
            default -> AudioFormat.Encoding.PCM16;
        };
    }

    /** Whether the server's turn detection is off (GA {@code audio.input.turn_detection}, beta {@code turn_detection} null). */
    static boolean turnDetectionOff(SessionInfo config) {
        JsonNode s = sessionObject(config);
        JsonNode input = s.path("audio").path("input");
        JsonNode td = input.isObject() ? input.get("turn_detection") : s.get("turn_detection");
        return td != null && td.isNull();
    }

    private static JsonNode sessionObject(SessionInfo config) {
        if (config == null || config.json() == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(config.json());
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
