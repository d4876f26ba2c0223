package dev.tau4j.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.internal.codec.Json;
import java.io.IOException;
import java.util.Set;

/**
 * Gemini Live's client messages written from the engine's GA vocabulary (protocol.md §6.2): the
 * {@code setup} from a GA session object, conversation items as {@code clientContent} turns and
 * function outputs as {@code toolResponse}s.
 */
final class GeminiSetup {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    /** OpenAI's voices ({@link dev.tau4j.Voice}'s constants), which Gemini refuses. */
    private static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer",
            "verse", "marin", "cedar");

    /** Gemini's native input rate. */
    static final int INPUT_RATE = 16_000;

    private GeminiSetup() {
    }

    /**
     * The {@code setup} message for the GA session object {@code ga}: model, modalities, voice,
     * system instruction, tools as function declarations, activity detection, transcriptions,
     * resumption (with {@code handle} when not null) and a sliding context window.
     */
    static ObjectNode setup(JsonNode ga, String modelPath, String handle) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode setup = root.putObject("setup");
        setup.put("model", modelPath);
        ObjectNode generation = setup.putObject("generationConfig");
        boolean text = textOnly(ga);
        generation.putArray("responseModalities").add(text ? "TEXT" : "AUDIO");
        String voice = ga.path("audio").path("output").path("voice").asText(null);
        if (voice != null && OPENAI_VOICES.contains(voice)) {
            // Code written for OpenAI runs unchanged: Gemini has none of its voices and answers in the model's default one.
            LOG.log(System.Logger.Level.INFO, "τ gemini: voice ''{0}'' is an OpenAI voice; Gemini Live uses the model''s"
                    + " default voice (choose one such as Voice.of(\"Kore\"))", voice);
            voice = null;
        }
        if (voice != null && !text) {
            generation.putObject("speechConfig").putObject("voiceConfig").putObject("prebuiltVoiceConfig")
                    .put("voiceName", voice);
        }
        JsonNode max = ga.get("max_output_tokens");
        if (max != null && max.canConvertToInt()) {
            generation.put("maxOutputTokens", max.asInt());
        }
        String instructions = ga.path("instructions").asText(null);
        if (instructions != null) {
            setup.putObject("systemInstruction").putArray("parts").addObject().put("text", instructions);
        }
        if (ga.get("tools") instanceof ArrayNode tools && !tools.isEmpty()) {
            ArrayNode declarations = setup.putArray("tools").addObject().putArray("functionDeclarations");
            for (JsonNode t : tools) {
                ObjectNode d = declarations.addObject().put("name", t.path("name").asText());
                if (t.hasNonNull("description")) {
                    d.put("description", t.get("description").asText());
                }
                if (t.hasNonNull("parameters")) {
                    d.set("parametersJsonSchema", t.get("parameters"));
                }
            }
        }
        setup.set("realtimeInputConfig", activityDetection(ga.path("audio").path("input")));
        if (ga.path("audio").path("input").has("transcription")) {
            setup.putObject("inputAudioTranscription");
        }
        if (!text) {
            setup.putObject("outputAudioTranscription");
        }
        ObjectNode resumption = setup.putObject("sessionResumption");
        if (handle != null) {
            resumption.put("handle", handle);
        }
        setup.putObject("contextWindowCompression").putObject("slidingWindow");
        return root;
    }

    static boolean textOnly(JsonNode ga) {
        JsonNode modalities = ga.get("output_modalities");
        return modalities != null && modalities.size() == 1 && "text".equals(modalities.get(0).asText());
    }

    /** Whether the GA session turns activity detection off (turns are marked by the client). */
    static boolean manualTurns(JsonNode ga) {
        JsonNode input = ga.path("audio").path("input");
        return input.has("turn_detection") && input.get("turn_detection").isNull();
    }

    /** The input sample rate of the GA session ({@code audio.input.format.rate}), 24 kHz by default. */
    static int inputRate(JsonNode ga) {
        return ga.path("audio").path("input").path("format").path("rate").asInt(24_000);
    }

    private static ObjectNode activityDetection(JsonNode input) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        ObjectNode detection = config.putObject("automaticActivityDetection");
        JsonNode td = input.get("turn_detection");
        if (td != null && td.isNull()) {
            detection.put("disabled", true);
            return config;
        }
        if (td != null) {
            if (td.has("prefix_padding_ms")) {
                detection.put("prefixPaddingMs", td.get("prefix_padding_ms").asInt());
            }
            if (td.has("silence_duration_ms")) {
                detection.put("silenceDurationMs", td.get("silence_duration_ms").asInt());
            }
            if (td.has("interrupt_response") && !td.get("interrupt_response").asBoolean(true)) {
                config.put("activityHandling", "NO_INTERRUPTION");
            }
        }
        return config;
    }

    /** A conversation item as a {@code clientContent} turn that does not ask for an answer yet. */
    static ObjectNode clientContent(Item item) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode content = root.putObject("clientContent");
        ObjectNode turn = content.putArray("turns").addObject().put("role", "user");
        ArrayNode parts = turn.putArray("parts");
        switch (item) {
            case MessageItem m -> {
                turn.put("role", "assistant".equals(m.role()) ? "model" : "user");
                for (ContentPart p : m.content()) {
                    String said = p.textOrTranscript();
                    if (said != null && !said.isEmpty()) {
                        // Gemini turns have no system role: a system message mid-conversation is said by the user side.
                        parts.addObject().put("text", "system".equals(m.role()) ? "(system) " + said : said);
                    } else if (p.audio() != null) {
                        parts.addObject().putObject("inlineData").put("mimeType", "audio/pcm;rate=24000")
                                .put("data", p.audio());
                    }
                }
            }
            case FunctionCallItem f -> {
                turn.put("role", "model");
                ObjectNode call = parts.addObject().putObject("functionCall").put("id", f.callId()).put("name", f.name());
                call.set("args", parseOrText(f.arguments()));
            }
            default -> throw new UnsupportedOperationException("Gemini Live has no turn for a " + item.type() + " item");
        }
        content.put("turnComplete", false);
        return root;
    }

    /** A function's output as a {@code toolResponse}; {@code output} is sent as JSON when it is JSON. */
    static ObjectNode toolResponse(String callId, String name, String output) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode response = root.putObject("toolResponse").putArray("functionResponses").addObject()
                .put("id", callId).put("name", name == null ? "" : name);
        response.putObject("response").set("output", parseOrText(output));
        return root;
    }

    /** A function's output (or a call's arguments) as a function-call turn of the model, for a replay. */
    static ObjectNode functionResponseTurn(String callId, String name, String output) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode content = root.putObject("clientContent");
        ObjectNode turn = content.putArray("turns").addObject().put("role", "user");
        ObjectNode response = turn.putArray("parts").addObject().putObject("functionResponse").put("id", callId)
                .put("name", name == null ? "" : name);
        response.putObject("response").set("output", parseOrText(output));
        content.put("turnComplete", false);
        return root;
    }

    private static JsonNode parseOrText(String s) {
        if (s == null || s.isEmpty()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(s);
        }
    }
}
