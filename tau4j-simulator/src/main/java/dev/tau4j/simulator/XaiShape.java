package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * xAI's differences from the GA shape (protocol.md §7.1), applied at the simulator's edge: the
 * connection keeps its GA-shaped state, incoming session objects are normalised to GA, outgoing
 * events reshaped to xAI's.
 */
final class XaiShape {

    static final List<String> VOICES = List.of("eve", "ara", "rex", "sal", "leo");
    static final String DEFAULT_MODEL = "grok-voice-think-fast-1.0";

    private XaiShape() {
    }

    /**
     * The GA session object for an xAI {@code session.update}'s hybrid one. Throws
     * {@link SimError} for what xAI refuses (semantic VAD, an unknown voice).
     */
    static JsonNode toGa(JsonNode session) {
        if (!(session instanceof ObjectNode in)) {
            return session;
        }
        ObjectNode s = in.deepCopy();
        s.put("type", "realtime");
        JsonNode voice = s.remove("voice");
        JsonNode turn = s.remove("turn_detection");
        if (voice != null || turn != null) {
            ObjectNode audio = s.has("audio") ? (ObjectNode) s.get("audio") : s.putObject("audio");
            if (voice != null) {
                String name = voice.asText().toLowerCase(Locale.ROOT);
                if (!VOICES.contains(name)) {
                    throw SimError.invalidValue("session.voice", voice.asText(), VOICES.toArray(String[]::new));
                }
                // The GA state keeps a custom-voice object; fromGa turns it back into the name.
                (audio.has("output") ? (ObjectNode) audio.get("output") : audio.putObject("output"))
                        .putObject("voice").put("id", name);
            }
            if (turn != null) {
                if (!turn.isNull() && !"server_vad".equals(turn.path("type").asText())) {
                    throw SimError.invalidValue("session.turn_detection.type", turn.path("type").asText(), "server_vad");
                }
                (audio.has("input") ? (ObjectNode) audio.get("input") : audio.putObject("input")).set("turn_detection", turn);
            }
        }
        return s;
    }

    /** The event as xAI sends it (the argument is not changed). */
    static ObjectNode fromGa(ObjectNode event) {
        String type = event.path("type").asText();
        switch (type) {
            case "session.updated", "session.created" -> {
                ObjectNode e = event.deepCopy();
                ObjectNode s = (ObjectNode) e.get("session");
                s.remove("type");
                JsonNode voice = s.path("audio").path("output").path("voice");
                if (!voice.isMissingNode()) {
                    s.put("voice", xaiVoice(voice));
                    ((ObjectNode) s.get("audio").get("output")).remove("voice");
                }
                JsonNode turn = s.path("audio").path("input").path("turn_detection");
                if (!turn.isMissingNode()) {
                    s.set("turn_detection", turn);
                    ((ObjectNode) s.get("audio").get("input")).remove("turn_detection");
                }
                return e;
            }
            case "response.created" -> {
                ObjectNode e = event.deepCopy();
                nameTheVoice(e);
                return e;
            }
            case "response.done" -> {
                ObjectNode e = event.deepCopy();
                nameTheVoice(e);
                JsonNode usage = ((ObjectNode) e.get("response")).remove("usage");
                if (usage != null) {
                    e.set("usage", usage);
                }
                return e;
            }
            default -> {
                return event;
            }
        }
    }

    /** xAI's voice name for the GA state's voice: its custom-voice object's id, or the default {@code eve}. */
    private static String xaiVoice(JsonNode gaVoice) {
        return gaVoice.isObject() ? gaVoice.path("id").asText() : "eve";
    }

    /** A response's voice as xAI names it (a name, never GA's custom-voice object). */
    private static void nameTheVoice(ObjectNode event) {
        if (event.path("response").path("audio").path("output") instanceof ObjectNode output && output.has("voice")) {
            output.put("voice", xaiVoice(output.get("voice")));
        }
    }
}
