package dev.tau4j.simulator;

import static dev.tau4j.simulator.GeminiWire.field;
import static dev.tau4j.simulator.GeminiWire.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Gemini Live {@code setup} message (protocol.md §6.2), checked as the live service checks it
 * and translated into the GA session update the shared simulated session runs on.
 *
 * @param model the model without its {@code models/} prefix
 * @param audioOut true for {@code responseModalities: ["AUDIO"]} (the default), false for TEXT
 * @param voice the prebuilt voice's name, or null for the model's default
 * @param transcribeIn {@code inputAudioTranscription} was given
 * @param transcribeOut {@code outputAudioTranscription} was given
 * @param resumption {@code sessionResumption} was given: {@code sessionResumptionUpdate} messages are sent
 * @param transparent {@code sessionResumption.transparent}: updates carry {@code lastConsumedClientMessageIndex}
 * @param handle the handle to resume, or null
 * @param manualActivity automatic activity detection is disabled: the client sends activityStart/activityEnd
 * @param interrupts user activity interrupts the model ({@code START_OF_ACTIVITY_INTERRUPTS}, the default)
 * @param gaUpdate the GA {@code session} object that configures the simulated session
 */
record GeminiSetup(String model, boolean audioOut, String voice, boolean transcribeIn, boolean transcribeOut,
        boolean resumption, boolean transparent, String handle, boolean manualActivity, boolean interrupts, ObjectNode gaUpdate) {

    /** Live models: half-cascade and native-audio families (protocol.md §6.4). */
    private static final Pattern LIVE_MODEL = Pattern.compile("gemini-[\\w.-]*(live|native-audio)[\\w.-]*");
    /** Live models the service no longer serves (not found by December 2025, as the close-frame captures show). */
    private static final Set<String> RETIRED = Set.of("gemini-2.0-flash-live-001", "gemini-live-2.5-flash-preview");
    private static final Set<String> FIELDS = Set.of("model", "generationConfig", "systemInstruction", "tools", "realtimeInputConfig",
            "sessionResumption", "contextWindowCompression", "inputAudioTranscription", "outputAudioTranscription", "proactivity",
            "explicitVadSignal", "historyConfig", "safetySettings", "avatarConfig");
    private static final Set<String> GENERATION_FIELDS = Set.of("candidateCount", "maxOutputTokens", "temperature", "topP", "topK",
            "presencePenalty", "frequencyPenalty", "seed", "responseModalities", "speechConfig", "mediaResolution", "thinkingConfig",
            "enableAffectiveDialog", "translationConfig", "responseLogprobs", "logprobs");
    /** The 30 voices of the native-audio models (the half-cascade ones are a subset). */
    static final List<String> VOICES = List.of("Zephyr", "Puck", "Charon", "Kore", "Fenrir", "Leda", "Orus", "Aoede", "Callirrhoe",
            "Autonoe", "Enceladus", "Iapetus", "Umbriel", "Algieba", "Despina", "Erinome", "Algenib", "Rasalgethi", "Laomedeia",
            "Achernar", "Alnilam", "Schedar", "Gacrux", "Pulcherrima", "Achird", "Zubenelgenubi", "Vindemiatrix", "Sadachbia",
            "Sadaltager", "Sulafat");

    /**
     * Parses {@code setup}; throws {@link GeminiWire.Refusal} (1007 for a bad field or value,
     * 1008 for an unknown model) as the live service closes. {@code version} is the path's API
     * version ({@code v1beta} or {@code v1alpha}), quoted in the unknown-model reason.
     */
    static GeminiSetup parse(JsonNode setup, String version) {
        if (!setup.isObject()) {
            throw invalid("Invalid value at 'setup' (type.googleapis.com/google.ai.generativelanguage.v1beta.BidiGenerateContentSetup)");
        }
        GeminiWire.checkFields(setup, "setup", FIELDS);
        String model = field(setup, "model").asText("");
        if (model.isBlank()) {
            throw invalid("Request contains an invalid argument.");
        }
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        if (!LIVE_MODEL.matcher(id).matches() || RETIRED.contains(id)) {
            throw new GeminiWire.Refusal(GeminiWire.POLICY, "models/" + id + " is not found for API version " + version
                    + ", or is not supported for bidiGenerateContent. Call ListModels to see the list of available models and"
                    + " their supported methods.");
        }
        ObjectNode ga = Json.obj();
        ga.put("type", "realtime");

        JsonNode gen = field(setup, "generationConfig");
        if (!gen.isMissingNode()) {
            GeminiWire.checkFields(gen, "setup.generation_config", GENERATION_FIELDS);
        }
        boolean audioOut = true;
        JsonNode modalities = field(gen, "responseModalities");
        if (!modalities.isMissingNode()) {
            if (!modalities.isArray() || modalities.size() > 1) {
                throw invalid("Multiple response modalities are not supported; set exactly one of AUDIO or TEXT.");
            }
            String m = modalities.size() == 0 ? "AUDIO" : modalities.get(0).asText().toUpperCase(Locale.ROOT);
            if (!m.equals("AUDIO") && !m.equals("TEXT")) {
                throw invalid("Invalid value at 'setup.generation_config.response_modalities[0]' (type.googleapis.com/"
                        + "google.ai.generativelanguage.v1beta.GenerationConfig.Modality), \"" + modalities.get(0).asText() + "\"");
            }
            audioOut = m.equals("AUDIO");
        }
        ga.putArray("output_modalities").add(audioOut ? "audio" : "text");
        String voice = null;
        JsonNode voiceName = field(field(field(field(gen, "speechConfig"), "voiceConfig"), "prebuiltVoiceConfig"), "voiceName");
        if (!voiceName.isMissingNode()) {
            voice = VOICES.stream().filter(v -> v.equalsIgnoreCase(voiceName.asText())).findFirst()
                    .orElseThrow(() -> invalid("Voice " + voiceName.asText() + " is not available."));
        }
        JsonNode max = field(gen, "maxOutputTokens");
        if (max.isIntegralNumber() && max.asInt() > 0) {
            // The GA session caps at 4096; Gemini allows more, which the simulator's short replies never reach.
            ga.put("max_output_tokens", Math.min(4096, max.asInt()));
        }

        ga.put("instructions", systemText(field(setup, "systemInstruction")));
        ga.set("tools", tools(field(setup, "tools")));

        JsonNode input = field(setup, "realtimeInputConfig");
        JsonNode aad = field(input, "automaticActivityDetection");
        boolean manual = field(aad, "disabled").asBoolean(false);
        String handling = field(input, "activityHandling").asText("START_OF_ACTIVITY_INTERRUPTS");
        if (!Set.of("START_OF_ACTIVITY_INTERRUPTS", "NO_INTERRUPTION", "ACTIVITY_HANDLING_UNSPECIFIED").contains(handling)) {
            throw invalid("Invalid value at 'setup.realtime_input_config.activity_handling', \"" + handling + "\"");
        }
        boolean interrupts = !handling.equals("NO_INTERRUPTION");
        ObjectNode in = ga.putObject("audio").putObject("input");
        if (manual) {
            in.putNull("turn_detection");
        } else {
            ObjectNode td = in.putObject("turn_detection");
            td.put("type", "server_vad");
            String start = field(aad, "startOfSpeechSensitivity").asText("");
            td.put("threshold", start.equals("START_SENSITIVITY_LOW") ? 0.7 : start.equals("START_SENSITIVITY_HIGH") ? 0.3 : 0.5);
            String end = field(aad, "endOfSpeechSensitivity").asText("");
            long silence = field(aad, "silenceDurationMs").asLong(end.equals("END_SENSITIVITY_LOW") ? 1000 : end.equals("END_SENSITIVITY_HIGH") ? 300 : 500);
            td.put("silence_duration_ms", silence);
            td.put("prefix_padding_ms", field(aad, "prefixPaddingMs").asLong(300));
            td.put("create_response", true);
            td.put("interrupt_response", interrupts);
        }
        boolean transcribeIn = !field(setup, "inputAudioTranscription").isMissingNode();
        if (transcribeIn) {
            in.putObject("transcription").put("model", "whisper-1");
        } else {
            in.putNull("transcription");
        }
        boolean transcribeOut = !field(setup, "outputAudioTranscription").isMissingNode();

        JsonNode resumption = field(setup, "sessionResumption");
        String handle = field(resumption, "handle").asText(null);
        JsonNode compression = field(setup, "contextWindowCompression");
        if (!compression.isMissingNode() && !compression.isObject()) {
            throw invalid("Invalid value at 'setup.context_window_compression'");
        }
        return new GeminiSetup(id, audioOut, voice, transcribeIn, transcribeOut, !resumption.isMissingNode(),
                field(resumption, "transparent").asBoolean(false), handle == null || handle.isEmpty() ? null : handle, manual,
                interrupts, ga);
    }

    /** The text of a system instruction: a {@code Content} with text parts, or a plain string. */
    private static String systemText(JsonNode si) {
        if (si.isMissingNode()) {
            return "";
        }
        if (si.isTextual()) {
            return si.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : field(si, "parts")) {
            JsonNode t = field(part, "text");
            if (!t.isMissingNode()) {
                sb.append(sb.isEmpty() ? "" : "\n").append(t.asText());
            }
        }
        return sb.toString();
    }

    /** GA function tools for the {@code functionDeclarations}; built-in tools (search, code execution) are accepted and unused. */
    private static ArrayNode tools(JsonNode tools) {
        ArrayNode out = Json.M.createArrayNode();
        if (tools.isMissingNode()) {
            return out;
        }
        if (!tools.isArray()) {
            throw invalid("Invalid value at 'setup.tools', expected a list of Tool objects.");
        }
        for (JsonNode tool : tools) {
            for (JsonNode fd : field(tool, "functionDeclarations")) {
                String name = field(fd, "name").asText("");
                if (!name.matches("[A-Za-z_][A-Za-z0-9_.:-]{0,63}")) {
                    throw invalid("Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9),"
                            + " underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.");
                }
                String behavior = field(fd, "behavior").asText("BLOCKING");
                if (!Set.of("BLOCKING", "NON_BLOCKING", "UNSPECIFIED").contains(behavior)) {
                    throw invalid("Invalid value at 'setup.tools[0].function_declarations[0].behavior', \"" + behavior + "\"");
                }
                ObjectNode t = out.addObject();
                t.put("type", "function");
                t.put("name", name);
                t.put("description", field(fd, "description").asText(""));
                JsonNode params = field(fd, "parameters");
                if (params.isMissingNode()) {
                    params = field(fd, "parametersJsonSchema");
                }
                t.set("parameters", params.isMissingNode() ? Json.obj().put("type", "object") : GeminiWire.lowerTypes(params));
            }
        }
        return out;
    }
}
