package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;

/** One conversation item as the server holds it; confined to the connection thread. */
final class Item {
    String id;
    String type;
    String role;
    String status = "completed";
    /** Message content parts in GA wire shape, without audio bytes; empty while a response streams it. */
    ArrayNode content = Json.M.createArrayNode();
    /**
     * Input audio (user) or output audio (assistant), PCM bytes of the session format; null when
     * none. Only the first {@link #audioLength} bytes count: a streaming assistant item grows
     * into its response's buffer, a truncate shrinks it, neither copies.
     */
    byte[] audio;
    int audioLength;
    int bytesPerMs = 48;
    /** True once the client truncated this item's audio: its transcript was dropped and stays dropped. */
    boolean truncated;
    String callId;
    String name;
    String arguments;
    String output;

    /** A copy sharing the audio bytes (never written in place) but not the content parts. */
    Item copy() {
        Item c = new Item();
        c.id = id;
        c.type = type;
        c.role = role;
        c.status = status;
        c.content = content.deepCopy();
        c.audio = audio;
        c.audioLength = audioLength;
        c.bytesPerMs = bytesPerMs;
        c.truncated = truncated;
        c.callId = callId;
        c.name = name;
        c.arguments = arguments;
        c.output = output;
        return c;
    }

    void audio(byte[] bytes) {
        this.audio = bytes;
        this.audioLength = bytes == null ? 0 : bytes.length;
    }

    long audioMs() {
        return audio == null ? 0 : audioLength / bytesPerMs;
    }

    /** True for an assistant message with an audio part (streaming or done). */
    boolean hasAssistantAudio() {
        if (!"assistant".equals(role)) {
            return false;
        }
        for (JsonNode p : content) {
            if ("output_audio".equals(p.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Joined text of text parts, or transcripts of audio parts; null when there is none. */
    String text() {
        if (!"message".equals(type)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (JsonNode p : content) {
            JsonNode t = p.has("text") ? p.get("text") : p.get("transcript");
            if (t != null && !t.isNull()) {
                if (any) {
                    sb.append(' ');
                }
                sb.append(t.asText());
                any = true;
            }
        }
        return any ? sb.toString() : null;
    }

    ObjectNode json(boolean withAudio) {
        ObjectNode o = Json.obj();
        o.put("id", id);
        o.put("type", type);
        switch (type) {
            case "message" -> {
                o.put("status", status);
                o.put("role", role);
                ArrayNode parts = content.deepCopy();
                if (withAudio) {
                    for (JsonNode p : parts) {
                        String pt = p.path("type").asText();
                        if (pt.equals("input_audio") || pt.equals("output_audio")) {
                            ((ObjectNode) p).put("audio", audio == null ? "" : Base64.getEncoder().encodeToString(
                                    audioLength == audio.length ? audio : Arrays.copyOf(audio, audioLength)));
                            if (pt.equals("output_audio")) {
                                // A retrieved assistant audio part is typed "audio" on the wire (protocol.md §3.2).
                                ((ObjectNode) p).put("type", "audio");
                                ((ObjectNode) p).put("format", "pcm16");
                            }
                        }
                    }
                }
                o.set("content", parts);
            }
            case "function_call" -> {
                o.put("status", status);
                o.put("name", name);
                o.put("call_id", callId);
                o.put("arguments", arguments == null ? "" : arguments);
            }
            default -> {
                o.put("call_id", callId);
                o.put("output", output);
            }
        }
        return o;
    }

    SimItem snapshot() {
        return new SimItem(id, type, role, "function_call_output".equals(type) ? "completed" : status, text(), audioMs(),
                callId, name, arguments, output, Json.write(json(false)));
    }
}
