package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tool;
import dev.tau4j.ToolChoice;
import dev.tau4j.TurnDetection;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.event.Item;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON of the options objects: the GA {@code session} and {@code response} objects. */
public final class OptionsJson {

    private OptionsJson() {
    }

    /** The GA {@code session} object for {@code session.update}, with {@code type: "realtime"}. */
    public static String session(SessionOptions o) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("type", "realtime");
        if (o.instructions() != null) {
            s.put("instructions", o.instructions());
        }
        if (!o.outputModalities().isEmpty()) {
            o.outputModalities().forEach(s.putArray("output_modalities")::add);
        }
        ObjectNode input = Json.MAPPER.createObjectNode();
        ObjectNode output = Json.MAPPER.createObjectNode();
        if (o.inputAudioFormat() != null) {
            input.set("format", formatJson(o.inputAudioFormat()));
        }
        if (o.inputTranscription() != null) {
            ObjectNode t = input.putObject("transcription");
            t.put("model", o.inputTranscription().model());
            if (o.inputTranscription().language() != null) {
                t.put("language", o.inputTranscription().language());
            }
            if (o.inputTranscription().prompt() != null) {
                t.put("prompt", o.inputTranscription().prompt());
            }
        }
        if (o.noiseReduction() != null) {
            input.putObject("noise_reduction").put("type", o.noiseReduction());
        }
        if (o.turnDetection() != null) {
            input.set("turn_detection", turnDetectionJson(o.turnDetection()));
        }
        if (o.outputAudioFormat() != null) {
            output.set("format", formatJson(o.outputAudioFormat()));
        }
        if (o.voice() != null) {
            output.put("voice", o.voice().name());
        }
        if (o.speed() != null) {
            output.put("speed", o.speed());
        }
        if (!input.isEmpty() || !output.isEmpty()) {
            ObjectNode audio = s.putObject("audio");
            if (!input.isEmpty()) {
                audio.set("input", input);
            }
            if (!output.isEmpty()) {
                audio.set("output", output);
            }
        }
        if (o.tools() != null) {
            var array = s.putArray("tools");
            o.tools().forEach(t -> array.add(toolJson(t)));
        }
        if (o.toolChoice() != null) {
            s.set("tool_choice", toolChoiceJson(o.toolChoice()));
        }
        putMaxOutputTokens(s, o.maxOutputTokens());
        o.extra().forEach((k, v) -> merge(s, k, parseExtra(k, v)));
        return s.toString();
    }

    /** The GA {@code response} object, with {@code requestId} under {@value ResponseOptions#REQUEST_KEY} in the metadata. */
    public static String response(ResponseOptions o, String requestId) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        if (o.outOfBand()) {
            r.put("conversation", "none");
        }
        if (o.instructions() != null) {
            r.put("instructions", o.instructions());
        }
        if (o.tools() != null) {
            ArrayNode a = r.putArray("tools");
            o.tools().forEach(t -> a.add(toolJson(t)));
        }
        if (o.toolChoice() != null) {
            r.set("tool_choice", toolChoiceJson(o.toolChoice()));
        }
        if (!o.outputModalities().isEmpty()) {
            o.outputModalities().forEach(r.putArray("output_modalities")::add);
        }
        if (o.input() != null) {
            ArrayNode a = r.putArray("input");
            for (Item item : o.input()) {
                a.add(parseExtra("input", itemJson(item)));
            }
        }
        ObjectNode meta = r.putObject("metadata");
        o.metadata().forEach(meta::put);
        meta.put(ResponseOptions.REQUEST_KEY, requestId);
        putMaxOutputTokens(r, o.maxOutputTokens());
        if (o.voice() != null) {
            r.putObject("audio").putObject("output").put("voice", o.voice().name());
        }
        o.extra().forEach((k, v) -> merge(r, k, parseExtra(k, v)));
        return r.toString();
    }

    private static String itemJson(Item item) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            ItemCodec.write(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
    /** Writes {@code max_output_tokens} (a number, or {@code "inf"}) unless unset. */
    public static void putMaxOutputTokens(ObjectNode target, Integer maxOutputTokens) {
        if (maxOutputTokens == null) {
            return;
        }
        if (maxOutputTokens == SessionOptions.INFINITE) {
            target.put("max_output_tokens", "inf");
        } else {
            target.put("max_output_tokens", maxOutputTokens);
        }
    }

    public static ObjectNode formatJson(AudioFormat f) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        switch (f.encoding()) {
            case PCM16 -> o.put("type", "audio/pcm").put("rate", f.sampleRate());
            case G711_ULAW -> o.put("type", "audio/pcmu");
            case G711_ALAW -> o.put("type", "audio/pcma");
        }
        return o;
    }

    public static ObjectNode toolJson(Tool t) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "function");
        o.put("name", t.name());
        if (t.description() != null) {
            o.put("description", t.description());
        }
        try {
            o.set("parameters", Json.MAPPER.readTree(t.parametersJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("validated at construction", e);
        }
        return o;
    }

    public static JsonNode toolChoiceJson(ToolChoice c) {
        if (c.function() == null) {
            return Json.MAPPER.getNodeFactory().textNode(c.mode());
        }
        return Json.MAPPER.createObjectNode().put("type", "function").put("name", c.function());
    }

    private static JsonNode turnDetectionJson(TurnDetection td) {
        return switch (td) {
            case TurnDetection.Disabled d -> Json.MAPPER.getNodeFactory().nullNode();
            case TurnDetection.ServerVad v -> {
                ObjectNode o = Json.MAPPER.createObjectNode().put("type", "server_vad");
                if (v.threshold() != null) {
                    o.put("threshold", v.threshold());
                }
                if (v.prefixPaddingMs() != null) {
                    o.put("prefix_padding_ms", v.prefixPaddingMs());
                }
                if (v.silenceDurationMs() != null) {
                    o.put("silence_duration_ms", v.silenceDurationMs());
                }
                if (v.idleTimeoutMs() != null) {
                    o.put("idle_timeout_ms", v.idleTimeoutMs());
                }
                if (v.createResponse() != null) {
                    o.put("create_response", v.createResponse());
                }
                if (v.interruptResponse() != null) {
                    o.put("interrupt_response", v.interruptResponse());
                }
                yield o;
            }
            case TurnDetection.SemanticVad v -> {
                ObjectNode o = Json.MAPPER.createObjectNode().put("type", "semantic_vad");
                if (v.eagerness() != null) {
                    o.put("eagerness", v.eagerness());
                }
                if (v.createResponse() != null) {
                    o.put("create_response", v.createResponse());
                }
                if (v.interruptResponse() != null) {
                    o.put("interrupt_response", v.interruptResponse());
                }
                yield o;
            }
        };
    }

    public static void merge(ObjectNode target, String key, JsonNode value) {
        JsonNode existing = target.get(key);
        if (existing instanceof ObjectNode eo && value instanceof ObjectNode vo) {
            vo.properties().forEach(e -> merge(eo, e.getKey(), e.getValue()));
        } else {
            target.set(key, value);
        }
    }

    public static JsonNode parseExtra(String key, String rawJson) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("extra field names must not be blank");
        }
        try {
            return Json.MAPPER.readTree(rawJson);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("extra field '" + key + "' is not valid JSON: " + rawJson, e);
        }
    }

}
