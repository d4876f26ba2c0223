package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The input audio buffer of one session: appends, commit, clear, server VAD and the input
 * transcription events. Audio is kept only as far as the conversation needs it: the uncommitted
 * buffer, and each committed user item's own bytes. Confined to the connection thread, except
 * the recorded copy behind {@link #recorded()}.
 */
final class InputAudio {
    /** The live service's limit on one uncommitted buffer is unknown; past this much (15 min) the oldest audio is dropped. */
    private static final int MAX_BUFFER_BYTES = 15 * 60 * 1000 * 48;

    /** A buffer up to this size (about 20 s of 24 kHz PCM16) is kept for reuse when emptied. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private final Connection conn;
    /** A copy of every appended byte for {@link SimulatedSession#inputAudio()}, up to its limit; null when off. */
    private final ByteArrayOutputStream recordedAudio;
    private final int recordLimit;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long bufferStartMs;
    private Vad vad;
    private String speechItemId;
    private int bytesPerMs = 48;

    InputAudio(Connection conn, int recordLimitBytes) {
        this.conn = conn;
        this.recordLimit = recordLimitBytes;
        this.recordedAudio = recordLimitBytes > 0 ? new ByteArrayOutputStream() : null;
    }

    byte[] recorded() {
        if (recordedAudio == null) {
            return new byte[0];
        }
        synchronized (recordedAudio) {
            return recordedAudio.toByteArray();
        }
    }

    /** True when server VAD reads the appended audio. */
    boolean hasVad() {
        return vad != null;
    }

    int bytesPerMs() {
        return bytesPerMs;
    }

    /** Applies a new session config: the input format and the turn detection. */
    void configure(JsonNode config) {
        JsonNode format = config.path("audio").path("input").path("format");
        String fmt = format.path("type").asText("audio/pcm");
        bytesPerMs = fmt.equals("audio/pcm") ? format.path("rate").asInt(24000) * 2 / 1000 : 8;
        JsonNode td = turnDetection(config);
        if (td.isObject()) {
            long silence = td.path("type").asText().equals("semantic_vad")
                    ? switch (td.path("eagerness").asText("auto")) {
                        case "low" -> 1000;
                        case "high" -> 250;
                        default -> 500;
                    }
                    : td.path("silence_duration_ms").asLong(200);
            if (vad == null || vad.bytesPerMs() != bytesPerMs) {
                vad = new Vad(fmt, bytesPerMs);
            }
            vad.configure(td.path("threshold").asDouble(0.5), silence);
        } else {
            vad = null;
        }
    }

    private JsonNode turnDetection(JsonNode config) {
        return config.path("audio").path("input").path("turn_detection");
    }

    /**
     * The audio of a frame that is exactly {@code {"type":"input_audio_buffer.append","audio":"…"}}
     * (what SDKs send 50 times a second per session), decoded from the frame's bytes without a
     * String or a JSON tree; null for any other frame (the base64 decoder refuses quotes,
     * escapes and non-ASCII bytes), which then takes the general path.
     */
    static byte[] fastAppend(byte[] frame) {
        int from = FAST_APPEND.length;
        int to = frame.length - 2;
        if (to < from || frame[to] != '"' || frame[to + 1] != '}' || !Arrays.equals(frame, 0, from, FAST_APPEND, 0, from)) {
            return null;
        }
        try {
            ByteBuffer audio = Base64.getDecoder().decode(ByteBuffer.wrap(frame, from, to - from));
            byte[] array = audio.array();
            return audio.remaining() == array.length ? array : Arrays.copyOf(array, audio.remaining());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final byte[] FAST_APPEND = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"".getBytes(StandardCharsets.US_ASCII);

    void append(JsonNode ev) {
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(SimError.required(ev, "audio"));
        } catch (IllegalArgumentException e) {
            throw new SimError("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio");
        }
        append(audio);
    }

    void append(byte[] audio) {
        if (recordedAudio != null) {
            synchronized (recordedAudio) {
                recordedAudio.write(audio, 0, Math.max(0, Math.min(audio.length, recordLimit - recordedAudio.size())));
            }
        }
        if (vad == null) {
            write(audio, 0, audio.length);
            return;
        }
        // Feed the VAD in slices so a commit at speech end takes exactly the audio before it.
        int off = 0;
        while (off < audio.length) {
            int n = Math.min(10 * bytesPerMs, audio.length - off);
            write(audio, off, n);
            Vad.Event ve = vad.feed(Arrays.copyOfRange(audio, off, off + n));
            off += n;
            if (ve != null) {
                onVad(ve);
                if (conn.terminated()) {
                    return;
                }
            }
        }
    }

    private void write(byte[] audio, int off, int n) {
        if (buffer.size() + n > MAX_BUFFER_BYTES) {
            byte[] all = buffer.toByteArray();
            int drop = Math.min(all.length, all.length / 2);
            buffer = new ByteArrayOutputStream();
            buffer.write(all, drop, all.length - drop);
            bufferStartMs += drop / bytesPerMs;
        }
        buffer.write(audio, off, n);
    }

    /**
     * Empties the buffer, keeping its array when it is small: a session clearing or committing
     * every few seconds would otherwise grow a new one from 32 bytes each time (a tenth of the
     * simulator's CPU with 150 streaming sessions, measured).
     */
    private void emptyBuffer() {
        if (buffer.size() <= KEPT_BUFFER_BYTES) {
            buffer.reset();
        } else {
            buffer = new ByteArrayOutputStream();
        }
    }

    /** Milliseconds of audio in the uncommitted buffer. */
    long bufferedMs() {
        return buffer.size() / bytesPerMs;
    }

    /**
     * The client's audio stream ended (Gemini {@code audioStreamEnd}): speech in progress ends
     * now, as if enough silence had followed it, without adding audio to the recording.
     */
    void endOfStream() {
        if (vad == null || !vad.speaking()) {
            return;
        }
        byte[] silence = new byte[10 * bytesPerMs];
        while (vad.speaking() && !conn.terminated()) {
            write(silence, 0, silence.length);
            Vad.Event ve = vad.feed(silence);
            if (ve != null) {
                onVad(ve);
            }
        }
    }

    void commit() {
        long ms = buffer.size() / bytesPerMs;
        if (buffer.size() < 100L * bytesPerMs) {
            throw new SimError("input_audio_buffer_commit_empty", String.format(Locale.ROOT,
                    "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has %.2fms of audio.",
                    buffer.size() / (double) bytesPerMs), null);
        }
        String id = speechItemId != null ? speechItemId : conn.ids.next("item");
        speechItemId = null;
        if (vad != null) {
            vad.reset();
        }
        commit(id, buffer.toByteArray());
        bufferStartMs += ms;
        emptyBuffer();
    }

    void clear() {
        bufferStartMs += buffer.size() / bytesPerMs;
        emptyBuffer();
        speechItemId = null;
        if (vad != null) {
            vad.reset();
        }
        conn.send(conn.event("input_audio_buffer.cleared"));
    }

    private void onVad(Vad.Event ve) {
        JsonNode td = turnDetection(conn.config());
        switch (ve) {
            case Vad.Started s -> {
                long start = Math.max(bufferStartMs, s.speechMs() - td.path("prefix_padding_ms").asLong(300));
                speechItemId = conn.ids.next("item");
                conn.send(conn.event("input_audio_buffer.speech_started").put("audio_start_ms", start).put("item_id", speechItemId));
                if (td.path("interrupt_response").asBoolean(true)) {
                    conn.responses().bargeIn();
                }
            }
            case Vad.Stopped s -> {
                String id = speechItemId != null ? speechItemId : conn.ids.next("item");
                speechItemId = null;
                conn.send(conn.event("input_audio_buffer.speech_stopped").put("audio_end_ms", s.endMs()).put("item_id", id));
                byte[] all = buffer.toByteArray();
                int cut = (int) Math.min(all.length, Math.max(0, (s.endMs() - bufferStartMs) * bytesPerMs));
                commit(id, Arrays.copyOf(all, cut));
                emptyBuffer();
                buffer.write(all, cut, all.length - cut);
                bufferStartMs = s.endMs();
                if (td.path("create_response").asBoolean(true)) {
                    conn.responses().autoRespond();
                }
            }
        }
    }

    private void commit(String itemId, byte[] audio) {
        Conversation conv = conn.conversation();
        String previous = conv.lastId();
        ObjectNode c = conn.event("input_audio_buffer.committed");
        c.put("previous_item_id", previous);
        c.put("item_id", itemId);
        conn.send(c);
        Item item = new Item();
        item.id = itemId;
        item.type = "message";
        item.role = "user";
        item.audio(audio);
        item.bytesPerMs = bytesPerMs;
        ObjectNode part = item.content.addObject();
        part.put("type", "input_audio");
        part.putNull("transcript");
        conv.append(item);
        conn.send(conv.itemEvent("conversation.item.added", previous, item));
        conn.send(conv.itemEvent("conversation.item.done", previous, item));
        JsonNode tr = conn.config().path("audio").path("input").path("transcription");
        if (tr.isObject()) {
            transcribe(item, part);
        }
    }

    private void transcribe(Item item, ObjectNode part) {
        String transcript = String.format(Locale.ROOT, "(speech %.1f s)", item.audioMs() / 1000.0);
        for (String w : ResponseShape.words(transcript)) {
            ObjectNode d = conn.event("conversation.item.input_audio_transcription.delta");
            d.put("item_id", item.id).put("content_index", 0).put("delta", w).put("obfuscation", conn.ids.obfuscation());
            conn.send(d);
        }
        ObjectNode done = conn.event("conversation.item.input_audio_transcription.completed");
        done.put("item_id", item.id).put("content_index", 0).put("transcript", transcript);
        // Real completions carry logprobs only when the session includes them (probe 7 in testdata/captures).
        for (JsonNode inc : conn.config().path("include")) {
            if (inc.asText().equals("item.input_audio_transcription.logprobs")) {
                done.putNull("logprobs");
            }
        }
        int audioTokens = (int) (item.audioMs() / 100);
        int textOut = Usage.textTokens(transcript);
        ObjectNode u = done.putObject("usage");
        u.put("type", "tokens").put("total_tokens", audioTokens + textOut).put("input_tokens", audioTokens);
        u.putObject("input_token_details").put("text_tokens", 0).put("audio_tokens", audioTokens);
        u.put("output_tokens", textOut);
        conn.send(done);
        part.put("transcript", transcript);
        conn.conversation().changed();
    }
}
