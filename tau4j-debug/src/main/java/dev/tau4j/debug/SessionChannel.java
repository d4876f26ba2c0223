package dev.tau4j.debug;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.audio.AudioFormat;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.tau4j.debug.internal.SocketEndpoint;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The debug server's end of one session's relay (path {@code /session}). It reads the relay's
 * messages (docs/debug.md, "Relay protocol"), keeps their audio apart in the {@link Recording},
 * and hands the {@link Hub} two versions of each: the one to record (audio elided) and the one for
 * live UIs (which keeps the model's audio, for playback). It sends this session, and only this
 * session, the commands the UIs address to it.
 *
 * <p>Nothing is read from the relay, and nothing sent to it, before the two proved to each other
 * that they hold the token (docs/debug.md, "Relay protocol"): its first message is a challenge the
 * server answers with its proof, its second the relay's proof. Until then messages are at most
 * {@link #AUTH_MESSAGE_CHARS} long, and a relay that has not proved itself within
 * {@link #AUTH_TIMEOUT} is disconnected. Messages must be exactly one JSON object.
 *
 * <p>Threading: Jetty delivers one message at a time per socket; fields written there are
 * volatile for the hub and the HTTP downloads.
 */
final class SessionChannel implements SocketEndpoint.Sink {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The largest message before the relay proved itself. */
    static final long AUTH_MESSAGE_CHARS = 1024;
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Relay messages may embed whole items with audio; frames of the session itself are at most this big. */
    static final long MAX_MESSAGE_CHARS = 64L * 1024 * 1024;
    /** Nonces are 32 random bytes, base64url without padding. */
    static final int NONCE_CHARS = 43;
    /** Commands waiting to be written to the relay; microphone audio past this is dropped. */
    static final long MAX_OUTSTANDING_CHARS = 4L * 1024 * 1024;

    /** A relay message in its two forms. */
    record Ingested(String recorded, String live) {
    }

    final String sid;
    final Recording recording = new Recording();
    private final Hub hub;
    private final Access access;
    /** The relay's nonce once it sent its challenge; null before. Written on Jetty's delivery thread only. */
    private volatile String clientNonce;
    /** The nonce the server answered with; null before. */
    private volatile String serverNonce;
    /** True once the relay proved it holds the token. */
    private volatile boolean authenticated;
    private final AtomicLong outstandingChars = new AtomicLong();
    private final AtomicLong droppedCommands = new AtomicLong();
    /** The socket; null until opened. */
    private volatile Session socket;
    /** The announce ({@code tau.hello}); null until received. */
    private volatile ObjectNode hello;
    private volatile String state = "OPEN";
    private volatile boolean connected;
    /** Audio formats from the latest session object. Written on Jetty's delivery thread only. */
    private volatile AudioFormat inputFormat = AudioFormat.PCM16_24KHZ_MONO;
    private volatile AudioFormat outputFormat = AudioFormat.PCM16_24KHZ_MONO;

    SessionChannel(String sid, Hub hub, Access access) {
        this.sid = sid;
        this.hub = hub;
        this.access = access;
    }

    @Override
    public void opened(Session session) {
        socket = session;
        connected = true;
        session.setMaxTextMessageSize(AUTH_MESSAGE_CHARS);
        session.setIdleTimeout(Duration.ZERO);
        CompletableFuture.delayedExecutor(AUTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!authenticated) {
                session.close(1008, "authenticate first (tau.auth)", Callback.NOOP);
            }
        });
    }

    @Override
    public void text(String text) {
        if (!authenticated) {
            authenticate(text);
            return;
        }
        boolean first = hello == null;
        Ingested message = ingest(text);
        if (message != null) {
            hub.publish(this, message, first);
        }
    }

    /** The challenge, then the relay's proof; anything else closes the socket. */
    private void authenticate(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (Exception e) {
            m = null;
        }
        String type = m instanceof ObjectNode ? m.path("type").asText("") : "";
        int port = port();
        if ("tau.auth".equals(type) && clientNonce == null) {
            String nonce = m.path("client_nonce").asText("");
            if (nonce.length() >= NONCE_CHARS && nonce.length() <= 2 * NONCE_CHARS) {
                clientNonce = nonce;
                serverNonce = nonce();
                ObjectNode answer = JSON.createObjectNode().put("type", "tau.auth").put("server_nonce", serverNonce)
                        .put("proof", access.proof("server", port, clientNonce, serverNonce));
                socket.sendText(write(answer), Callback.NOOP);
                return;
            }
        } else if ("tau.auth".equals(type) && serverNonce != null
                && MessageDigest.isEqual(access.proof("client", port, clientNonce, serverNonce).getBytes(StandardCharsets.UTF_8),
                        m.path("proof").asText("").getBytes(StandardCharsets.UTF_8))) {
            authenticated = true;
            socket.setMaxTextMessageSize(MAX_MESSAGE_CHARS);
            return;
        }
        socket.close(1008, "not authenticated", Callback.NOOP);
    }

    private int port() {
        return socket.getLocalSocketAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    }

    private static String nonce() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void closed() {
        ended();
    }

    private void ended() {
        if (connected) {
            connected = false;
            hub.sessionEnded(this);
        }
    }

    String name() {
        ObjectNode h = hello;
        return h == null ? sid : h.path("name").asText(sid);
    }

    String state() {
        return state;
    }

    boolean connected() {
        return connected;
    }

    /** Sends a UI's command to this session's relay; false when the relay lags too far behind (dropped) or is not authenticated. */
    boolean command(String json) {
        Session s = socket;
        if (s == null || !connected || !authenticated) {
            return false;
        }
        long size = json.length();
        if (outstandingChars.addAndGet(size) > MAX_OUTSTANDING_CHARS) {
            outstandingChars.addAndGet(-size);
            droppedCommands.incrementAndGet();
            return false;
        }
        s.sendText(json, Callback.from(() -> outstandingChars.addAndGet(-size), x -> outstandingChars.addAndGet(-size)));
        return true;
    }

    void close() {
        Session s = socket;
        if (s != null) {
            s.close(1001, "debug server stopping", Callback.NOOP);
        }
    }

    /** Parses one relay message; null when it is unreadable or comes before the announce (then the socket closes). */
    Ingested ingest(String text) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
        if (!(parsed instanceof ObjectNode m)) {
            return null;
        }
        String type = m.path("type").asText("");
        if (hello == null) {
            if (!"tau.hello".equals(type)) {
                socket.close(1008, "announce the session first (tau.hello)", Callback.NOOP);
                return null;
            }
            hello = m;
            state = m.path("state").asText("OPEN");
            formats(m.path("session"));
            return new Ingested(text, text);
        }
        switch (type) {
            case "tau.event" -> {
                return event(m, text);
            }
            case "tau.state" -> state = m.path("current").asText(state);
            default -> {
                // tau.response, tau.error, tau.dropped and anything newer: relayed as they are
            }
        }
        return new Ingested(text, text);
    }

    private Ingested event(ObjectNode m, String text) {
        JsonNode e = m.path("event");
        if (!(e instanceof ObjectNode event)) {
            return new Ingested(text, text);
        }
        String type = event.path("type").asText("");
        boolean fromServer = "server".equals(m.path("dir").asText());
        if (fromServer && (type.equals("response.output_audio.delta") || type.equals("response.audio.delta"))) {
            byte[] audio = decode(event.path("delta").asText(""));
            recording.output(audio, outputFormat);
            event.put("delta", elided(audio.length));
            return new Ingested(write(m), text);
        }
        if (!fromServer && type.equals("input_audio_buffer.append")) {
            byte[] audio = decode(event.path("audio").asText(""));
            recording.input(audio, inputFormat);
            event.put("audio", elided(audio.length));
            String small = write(m);
            return new Ingested(small, small);
        }
        if (fromServer && (type.equals("session.created") || type.equals("session.updated"))) {
            formats(event.path("session"));
        }
        if (elideNestedAudio(event)) {
            String small = write(m);
            return new Ingested(small, small);
        }
        return new Ingested(text, text);
    }

    /** Replaces long {@code audio} strings inside items (input_audio parts, retrieved items) by their size. */
    private static boolean elideNestedAudio(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            JsonNode audio = o.get("audio");
            if (audio != null && audio.isTextual() && audio.asText().length() > 64) {
                o.put("audio", elided(audio.asText().length() / 4 * 3));
                changed = true;
            }
            for (Map.Entry<String, JsonNode> field : o.properties()) {
                JsonNode child = field.getValue();
                if (child.isContainerNode()) {
                    changed |= elideNestedAudio(child);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode child : node) {
                changed |= elideNestedAudio(child);
            }
        }
        return changed;
    }

    private static String elided(int bytes) {
        return "(" + bytes + " bytes of audio, in the session's WAV download)";
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private void formats(JsonNode session) {
        if (session == null || !session.isObject()) {
            return;
        }
        JsonNode audio = session.path("audio");
        inputFormat = format(audio.path("input").path("format"), session.path("input_audio_format"), inputFormat);
        outputFormat = format(audio.path("output").path("format"), session.path("output_audio_format"), outputFormat);
    }

    /** The format of a GA {@code {type, rate}} object, else of a beta name, else {@code current}. */
    static AudioFormat format(JsonNode ga, JsonNode beta, AudioFormat current) {
        String name = ga.path("type").asText(beta.asText(""));
        return switch (name) {
            case "audio/pcm", "pcm16" -> AudioFormat.pcm16(ga.path("rate").asInt(24_000));
            case "audio/pcmu", "g711_ulaw" -> AudioFormat.G711_ULAW_8KHZ;
            case "audio/pcma", "g711_alaw" -> AudioFormat.G711_ALAW_8KHZ;
            default -> current;
        };
    }

    /** One line for the session list of a UI. */
    ObjectNode summary() {
        ObjectNode o = JSON.createObjectNode();
        o.put("sid", sid);
        o.put("name", name());
        o.put("state", state);
        o.put("connected", connected);
        ObjectNode h = hello;
        o.put("model", h == null ? null : h.path("model").asText(null));
        return o;
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode a debug message", e);
        }
    }
}
