package dev.tau4j;

import dev.tau4j.internal.Redaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.internal.codec.OptionsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a session behaves: what the seed library called {@code session_options}, mapped to the GA
 * session object. Every setting is optional; an unset one is not sent, so the server's default
 * applies. Used for the initial {@code session.update} and, partially, for
 * {@link Session#updateSession(SessionOptions)}.
 *
 * {@snippet :
 * SessionOptions options = SessionOptions.builder()
 *         .instructions("You are a concise assistant.")
 *         .voice(Voice.MARIN)
 *         .turnDetection(TurnDetection.disabled())
 *         .build();
 * }
 *
 * @param instructions       system instructions, or null
 * @param outputModalities   {@code [audio]} (audio with a transcript) or {@code [text]}; empty = unset
 * @param voice              the output voice, or null
 * @param inputAudioFormat   PCM16 24 kHz or G.711 8 kHz; null = unset (PCM16 24 kHz)
 * @param outputAudioFormat  PCM16 24 kHz or G.711 8 kHz; null = unset
 * @param turnDetection      null = unset (server VAD), {@link TurnDetection#disabled()} or a VAD
 * @param inputTranscription transcription of user audio, or null
 * @param noiseReduction     {@code near_field} or {@code far_field}, or null
 * @param tools              functions the model may call; null = unset, empty = clear
 * @param toolChoice         which tools the model may call, or null
 * @param maxOutputTokens    1–4096, {@link #INFINITE}, or null = unset
 * @param speed              0.25–1.5 speech speed, or null
 * @param extra              raw JSON values for top-level session fields this library does not
 *                           model yet (e.g. {@code "truncation" -> "\"disabled\""}), deep-merged last
 * @param executableTools    the tools among {@code tools} that the session runs by itself
 *                           ({@link ExecutableTool}); each one's declaration must be in {@code tools}
 */
public record SessionOptions(
        String instructions,
        List<String> outputModalities,
        Voice voice,
        AudioFormat inputAudioFormat,
        AudioFormat outputAudioFormat,
        TurnDetection turnDetection,
        InputTranscription inputTranscription,
        String noiseReduction,
        List<Tool> tools,
        ToolChoice toolChoice,
        Integer maxOutputTokens,
        Double speed,
        Map<String, String> extra,
        List<ExecutableTool<?>> executableTools) {

    /** {@code max_output_tokens: "inf"}. */
    public static final int INFINITE = Integer.MAX_VALUE;

    /** No settings: every server default applies. */
    public static final SessionOptions DEFAULTS = builder().build();

    public SessionOptions {
        outputModalities = normalizeModalities(outputModalities);
        tools = tools == null ? null : List.copyOf(tools);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        checkFormat(inputAudioFormat, "inputAudioFormat");
        checkFormat(outputAudioFormat, "outputAudioFormat");
        checkMaxOutputTokens(maxOutputTokens);
        if (speed != null && (speed < 0.25 || speed > 1.5)) {
            throw new IllegalArgumentException("speed must be within 0.25..1.5, got " + speed);
        }
        if (noiseReduction != null && !noiseReduction.equals("near_field") && !noiseReduction.equals("far_field")) {
            throw new IllegalArgumentException("noiseReduction must be near_field or far_field, got " + noiseReduction);
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            parseExtra(e.getKey(), e.getValue());
        }
        executableTools = checkExecutable(executableTools, tools);
    }

    /** The settings without executable tools (the constructor before they existed). */
    public SessionOptions(String instructions, List<String> outputModalities, Voice voice, AudioFormat inputAudioFormat,
            AudioFormat outputAudioFormat, TurnDetection turnDetection, InputTranscription inputTranscription,
            String noiseReduction, List<Tool> tools, ToolChoice toolChoice, Integer maxOutputTokens, Double speed,
            Map<String, String> extra) {
        this(instructions, outputModalities, voice, inputAudioFormat, outputAudioFormat, turnDetection, inputTranscription,
                noiseReduction, tools, toolChoice, maxOutputTokens, speed, extra, null);
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.instructions = instructions;
        b.outputModalities = new ArrayList<>(outputModalities);
        b.voice = voice;
        b.inputAudioFormat = inputAudioFormat;
        b.outputAudioFormat = outputAudioFormat;
        b.turnDetection = turnDetection;
        b.inputTranscription = inputTranscription;
        b.noiseReduction = noiseReduction;
        b.tools = tools == null ? null : new ArrayList<>(tools);
        b.toolChoice = toolChoice;
        b.maxOutputTokens = maxOutputTokens;
        b.speed = speed;
        b.extra = new LinkedHashMap<>(extra);
        b.executableTools = new ArrayList<>(executableTools);
        return b;
    }

    /** The GA {@code session} object for {@code session.update}, with {@code type: "realtime"}. */
    public String toJson() {
        return OptionsJson.session(this);
    }

    static List<ExecutableTool<?>> checkExecutable(List<ExecutableTool<?>> executable, List<Tool> tools) {
        if (executable == null || executable.isEmpty()) {
            return List.of();
        }
        for (ExecutableTool<?> e : executable) {
            if (tools == null || !tools.contains(e.tool())) {
                throw new IllegalArgumentException("executable tool '" + e.name() + "' is not among the tools sent;"
                        + " register it with tool(ExecutableTool)");
            }
        }
        return List.copyOf(executable);
    }

    /** The executable tools whose declarations are still in {@code tools}. */
    static List<ExecutableTool<?>> keepDeclared(List<ExecutableTool<?>> executable, List<Tool> tools) {
        return executable.stream().filter(e -> tools != null && tools.contains(e.tool())).toList();
    }

    static void checkMaxOutputTokens(Integer maxOutputTokens) {
        if (maxOutputTokens != null && maxOutputTokens != INFINITE && (maxOutputTokens < 1 || maxOutputTokens > 4096)) {
            throw new IllegalArgumentException("maxOutputTokens must be 1..4096 or INFINITE, got " + maxOutputTokens);
        }
    }

    static JsonNode parseExtra(String key, String rawJson) {
        return OptionsJson.parseExtra(key, rawJson);
    }

    static List<String> normalizeModalities(List<String> modalities) {
        if (modalities == null || modalities.isEmpty()) {
            return List.of();
        }
        // The seed library's ["text","audio"] means audio with a transcript, which GA spells ["audio"].
        if (modalities.contains("audio")) {
            return List.of("audio");
        }
        if (modalities.equals(List.of("text"))) {
            return List.of("text");
        }
        throw new IllegalArgumentException("output modalities must be [audio] or [text], got " + modalities);
    }

    private static void checkFormat(AudioFormat f, String name) {
        if (f == null) {
            return;
        }
        boolean ok = f.channels() == 1 && switch (f.encoding()) {
            case PCM16 -> f.sampleRate() == 24_000;
            case G711_ULAW, G711_ALAW -> f.sampleRate() == 8_000;
        };
        if (!ok) {
            throw new IllegalArgumentException(name + " must be mono PCM16 at 24 kHz or G.711 at 8 kHz, got " + f
                    + " (resample with dev.tau4j.audio.Resampler first)");
        }
    }

    /** Builds {@link SessionOptions}. Not thread-safe. */
    public static final class Builder {
        private String instructions;
        private List<String> outputModalities = new ArrayList<>();
        private Voice voice;
        private AudioFormat inputAudioFormat;
        private AudioFormat outputAudioFormat;
        private TurnDetection turnDetection;
        private InputTranscription inputTranscription;
        private String noiseReduction;
        private List<Tool> tools;
        private ToolChoice toolChoice;
        private Integer maxOutputTokens;
        private Double speed;
        private Map<String, String> extra = new LinkedHashMap<>();
        private List<ExecutableTool<?>> executableTools = new ArrayList<>();

        private Builder() {
        }

        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /** {@code "audio"} (audio with a transcript) or {@code "text"}. */
        public Builder outputModalities(String... modalities) {
            this.outputModalities = new ArrayList<>(List.of(modalities));
            return this;
        }

        /** Text output only, no audio. */
        public Builder textOnly() {
            return outputModalities("text");
        }

        public Builder voice(Voice voice) {
            this.voice = voice;
            return this;
        }

        public Builder inputAudioFormat(AudioFormat format) {
            this.inputAudioFormat = format;
            return this;
        }

        public Builder outputAudioFormat(AudioFormat format) {
            this.outputAudioFormat = format;
            return this;
        }

        /** Both directions in {@code format}, e.g. {@link AudioFormat#G711_ULAW_8KHZ} for a phone line. */
        public Builder audioFormat(AudioFormat format) {
            return inputAudioFormat(format).outputAudioFormat(format);
        }

        /** Null leaves it unset (server default); see {@link TurnDetection}. */
        public Builder turnDetection(TurnDetection turnDetection) {
            this.turnDetection = turnDetection;
            return this;
        }

        public Builder inputTranscription(InputTranscription transcription) {
            this.inputTranscription = transcription;
            return this;
        }

        public Builder noiseReduction(String type) {
            this.noiseReduction = type;
            return this;
        }

        /** Replaces the tools; executable tools not among them are dropped. */
        public Builder tools(List<Tool> tools) {
            this.tools = tools == null ? null : new ArrayList<>(tools);
            this.executableTools = new ArrayList<>(keepDeclared(executableTools, this.tools));
            return this;
        }

        public Builder tool(Tool tool) {
            if (tools == null) {
                tools = new ArrayList<>();
            }
            tools.add(tool);
            return this;
        }

        /** Adds a tool the session runs by itself when the model calls it (see {@link ExecutableTool}). */
        public Builder tool(ExecutableTool<?> tool) {
            tool(tool.tool());
            executableTools.add(tool);
            return this;
        }

        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder maxOutputTokens(int maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        /** Sets a top-level session field this library does not model, as raw JSON. */
        public Builder extra(String field, String rawJson) {
            this.extra.put(field, rawJson);
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(instructions, outputModalities, voice, inputAudioFormat, outputAudioFormat,
                    turnDetection, inputTranscription, noiseReduction, tools, toolChoice, maxOutputTokens, speed, extra,
                    executableTools);
        }
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
