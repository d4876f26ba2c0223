package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Translation between the GA shapes the simulator works in and the beta protocol
 * ({@code OpenAI-Beta: realtime=v1}) at the connection boundary.
 */
final class Beta {
    private static final Map<String, String> EVENTS = Map.of(
            "response.output_text.delta", "response.text.delta",
            "response.output_text.done", "response.text.done",
            "response.output_audio.delta", "response.audio.delta",
            "response.output_audio.done", "response.audio.done",
            "response.output_audio_transcript.delta", "response.audio_transcript.delta",
            "response.output_audio_transcript.done", "response.audio_transcript.done",
            "conversation.item.added", "conversation.item.created");

    private Beta() {}

    /** The beta form of a GA server event, or null when beta has no such event. */
    static ObjectNode toBeta(ObjectNode ga) {
        String type = ga.get("type").asText();
        if (type.equals("conversation.item.done")) {
            return null;
        }
        ObjectNode e = ga.deepCopy();
        e.put("type", EVENTS.getOrDefault(type, type));
        e.remove("obfuscation");
        if (e.has("session")) {
            e.set("session", session((ObjectNode) e.get("session")));
        }
        if (e.has("item")) {
            item((ObjectNode) e.get("item"));
        }
        if (e.has("response")) {
            ObjectNode r = (ObjectNode) e.get("response");
            r.set("modalities", modalities(r.path("output_modalities")));
            r.remove("output_modalities");
            r.set("voice", r.path("audio").path("output").path("voice"));
            r.put("output_audio_format", format(r.path("audio").path("output").path("format")));
            r.remove("audio");
            r.put("temperature", 0.8);
            for (JsonNode i : r.path("output")) {
                item((ObjectNode) i);
            }
        }
        return e;
    }

    private static void item(ObjectNode item) {
        item.put("object", "realtime.item");
        for (JsonNode p : item.path("content")) {
            String t = p.path("type").asText();
            if (t.equals("output_audio")) {
                ((ObjectNode) p).put("type", "audio");
            } else if (t.equals("output_text")) {
                ((ObjectNode) p).put("type", "text");
            }
        }
    }

    private static ArrayNode modalities(JsonNode gaModalities) {
        ArrayNode m = Json.M.createArrayNode();
        if (gaModalities.path(0).asText("audio").equals("audio")) {
            m.add("audio");
        }
        m.add("text");
        return m;
    }

    private static String format(JsonNode f) {
        return switch (f.path("type").asText("audio/pcm")) {
            case "audio/pcmu" -> "g711_ulaw";
            case "audio/pcma" -> "g711_alaw";
            default -> "pcm16";
        };
    }

    private static ObjectNode gaFormat(String beta) {
        ObjectNode f = Json.obj();
        switch (beta) {
            case "g711_ulaw" -> f.put("type", "audio/pcmu");
            case "g711_alaw" -> f.put("type", "audio/pcma");
            default -> {
                f.put("type", "audio/pcm");
                f.put("rate", 24000);
            }
        }
        return f;
    }

    private static ObjectNode session(ObjectNode ga) {
        ObjectNode s = Json.obj();
        s.set("id", ga.get("id"));
        s.put("object", "realtime.session");
        s.set("expires_at", ga.get("expires_at"));
        s.set("model", ga.get("model"));
        s.set("modalities", modalities(ga.path("output_modalities")));
        s.set("instructions", ga.get("instructions"));
        JsonNode in = ga.path("audio").path("input");
        JsonNode out = ga.path("audio").path("output");
        s.set("voice", out.get("voice"));
        s.put("input_audio_format", format(in.path("format")));
        s.put("output_audio_format", format(out.path("format")));
        s.set("input_audio_transcription", in.get("transcription"));
        s.set("input_audio_noise_reduction", in.get("noise_reduction"));
        JsonNode td = in.get("turn_detection");
        if (td != null && td.isObject()) {
            ObjectNode t = td.deepCopy();
            t.remove("idle_timeout_ms");
            s.set("turn_detection", t);
        } else {
            s.set("turn_detection", td);
        }
        s.set("tools", ga.get("tools"));
        s.set("tool_choice", ga.get("tool_choice"));
        s.put("temperature", 0.8);
        s.set("max_response_output_tokens", ga.get("max_output_tokens"));
        s.set("speed", out.get("speed"));
        s.set("tracing", ga.get("tracing"));
        s.putNull("client_secret");
        s.set("include", ga.get("include"));
        return s;
    }

    /** The GA form of a beta client event (session.update and response.create are reshaped). */
    static JsonNode fromBeta(String type, JsonNode beta) {
        if (type.equals("session.update") && beta.path("session").isObject()) {
            ObjectNode e = beta.deepCopy();
            JsonNode b = beta.get("session");
            ObjectNode s = Json.obj();
            s.put("type", "realtime");
            ObjectNode in = Json.obj();
            ObjectNode out = Json.obj();
            b.fields().forEachRemaining(f -> {
                JsonNode v = f.getValue();
                switch (f.getKey()) {
                    case "modalities" -> s.putArray("output_modalities").add(containsAudio(v) ? "audio" : "text");
                    case "voice" -> out.set("voice", v);
                    case "input_audio_format" -> in.set("format", gaFormat(v.asText()));
                    case "output_audio_format" -> out.set("format", gaFormat(v.asText()));
                    case "input_audio_transcription" -> in.set("transcription", v);
                    case "input_audio_noise_reduction" -> in.set("noise_reduction", v);
                    case "turn_detection" -> in.set("turn_detection", v);
                    case "speed" -> out.set("speed", v);
                    case "max_response_output_tokens" -> s.set("max_output_tokens", v);
                    case "temperature", "client_secret" -> { }
                    default -> s.set(f.getKey(), v);
                }
            });
            if (!in.isEmpty() || !out.isEmpty()) {
                ObjectNode audio = s.putObject("audio");
                if (!in.isEmpty()) {
                    audio.set("input", in);
                }
                if (!out.isEmpty()) {
                    audio.set("output", out);
                }
            }
            e.set("session", s);
            return e;
        }
        if (type.equals("response.create") && beta.path("response").isObject()) {
            ObjectNode e = beta.deepCopy();
            ObjectNode r = (ObjectNode) e.get("response");
            if (r.has("modalities")) {
                r.putArray("output_modalities").add(containsAudio(r.get("modalities")) ? "audio" : "text");
                r.remove("modalities");
            }
            if (r.has("max_response_output_tokens")) {
                r.set("max_output_tokens", r.remove("max_response_output_tokens"));
            }
            r.remove("temperature");
            JsonNode voice = r.remove("voice");
            JsonNode fmt = r.remove("output_audio_format");
            if (voice != null || fmt != null) {
                ObjectNode out = r.putObject("audio").putObject("output");
                if (voice != null) {
                    out.set("voice", voice);
                }
                if (fmt != null) {
                    out.set("format", gaFormat(fmt.asText()));
                }
            }
            return e;
        }
        return beta;
    }

    private static boolean containsAudio(JsonNode modalities) {
        for (JsonNode m : modalities) {
            if (m.asText().equals("audio")) {
                return true;
            }
        }
        return false;
    }
}
