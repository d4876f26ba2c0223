package dev.tau4j;

import dev.tau4j.internal.Redaction;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.event.Item;
import dev.tau4j.event.OtherItem;
import dev.tau4j.internal.codec.ItemCodec;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.internal.codec.OptionsJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of one {@code response.create}. Unset options are not sent (the session's settings
 * apply).
 *
 * @param outOfBand         {@code conversation: "none"}: the response is not written to the
 *                          conversation and may run alongside others
 * @param instructions      instructions for this response only, or null
 * @param tools             tools for this response only (empty clears them), or null
 * @param toolChoice        tool choice for this response, or null
 * @param outputModalities  {@code [audio]} or {@code [text]}; empty = the session's
 * @param input             the context for this response instead of the conversation (empty list =
 *                          an empty context), or null for the conversation
 * @param metadata          up to 15 string pairs echoed on the response; the library adds one key
 *                          of its own ({@value #REQUEST_KEY}) to recognise the response
 * @param maxOutputTokens   1–4096, {@link SessionOptions#INFINITE}, or null
 * @param voice             the voice for this response, or null
 * @param extra             raw JSON values for response fields this library does not model
 * @param executableTools   the tools among {@code tools} that the session runs by itself when
 *                          this response calls them ({@link ExecutableTool})
 * @param retainAudio       whether the {@link Response} keeps the output audio (default true).
 *                          Turn it off for long responses consumed as a stream (the handle's
 *                          listener or {@link ResponseHandle#events()}): memory then does not grow
 *                          with the response's length. Not sent to the server.
 * @param maxRetainedAudioBytes the most output audio the {@link Response} keeps (default
 *                          {@value #DEFAULT_MAX_RETAINED_AUDIO_BYTES} bytes, about 46 minutes of
 *                          PCM16 at 24 kHz). Audio past it still reaches listeners and
 *                          {@code events()} but is not kept: {@link Response#audio()} holds the
 *                          first chunks up to the cap and {@link Response#audioTruncated()} is true.
 *                          Not sent to the server.
 */
public record ResponseOptions(
        boolean outOfBand,
        String instructions,
        List<Tool> tools,
        ToolChoice toolChoice,
        List<String> outputModalities,
        List<Item> input,
        Map<String, String> metadata,
        Integer maxOutputTokens,
        Voice voice,
        Map<String, String> extra,
        List<ExecutableTool<?>> executableTools,
        boolean retainAudio,
        int maxRetainedAudioBytes) {

    /** The metadata key the library uses to match {@code response.created} to the request. */
    public static final String REQUEST_KEY = "tau4j_request";

    /** The default of {@link #maxRetainedAudioBytes}: 128 MiB. */
    public static final int DEFAULT_MAX_RETAINED_AUDIO_BYTES = 128 * 1024 * 1024;

    /** No options: a normal response in the conversation with the session's settings. */
    public static final ResponseOptions DEFAULTS = builder().build();

    public ResponseOptions {
        tools = tools == null ? null : List.copyOf(tools);
        outputModalities = SessionOptions.normalizeModalities(outputModalities);
        input = input == null ? null : List.copyOf(input);
        metadata = metadata == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(metadata));
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        if (metadata.containsKey(REQUEST_KEY)) {
            throw new IllegalArgumentException("metadata key '" + REQUEST_KEY + "' is reserved by tau4j");
        }
        if (metadata.size() > 15) {
            throw new IllegalArgumentException("at most 15 metadata pairs (the server allows 16; tau4j uses one)");
        }
        metadata.forEach((k, v) -> {
            if (k.length() > 64 || v.length() > 512) {
                throw new IllegalArgumentException("metadata keys are at most 64 chars and values 512: " + k);
            }
        });
        SessionOptions.checkMaxOutputTokens(maxOutputTokens);
        extra.forEach(OptionsJson::parseExtra);
        executableTools = SessionOptions.checkExecutable(executableTools, tools);
        if (maxRetainedAudioBytes < 0) {
            throw new IllegalArgumentException("maxRetainedAudioBytes must not be negative, got " + maxRetainedAudioBytes);
        }
    }

    /** The options with the default audio retention (the constructor before it existed). */
    public ResponseOptions(boolean outOfBand, String instructions, List<Tool> tools, ToolChoice toolChoice,
            List<String> outputModalities, List<Item> input, Map<String, String> metadata, Integer maxOutputTokens,
            Voice voice, Map<String, String> extra, List<ExecutableTool<?>> executableTools) {
        this(outOfBand, instructions, tools, toolChoice, outputModalities, input, metadata, maxOutputTokens, voice, extra,
                executableTools, true, DEFAULT_MAX_RETAINED_AUDIO_BYTES);
    }

    /** The options without executable tools (the constructor before they existed). */
    public ResponseOptions(boolean outOfBand, String instructions, List<Tool> tools, ToolChoice toolChoice,
            List<String> outputModalities, List<Item> input, Map<String, String> metadata, Integer maxOutputTokens,
            Voice voice, Map<String, String> extra) {
        this(outOfBand, instructions, tools, toolChoice, outputModalities, input, metadata, maxOutputTokens, voice, extra,
                null);
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.outOfBand = outOfBand;
        b.instructions = instructions;
        b.tools = tools == null ? null : new ArrayList<>(tools);
        b.toolChoice = toolChoice;
        b.outputModalities = new ArrayList<>(outputModalities);
        b.input = input == null ? null : new ArrayList<>(input);
        b.metadata = new LinkedHashMap<>(metadata);
        b.maxOutputTokens = maxOutputTokens;
        b.voice = voice;
        b.extra = new LinkedHashMap<>(extra);
        b.executableTools = new ArrayList<>(executableTools);
        b.retainAudio = retainAudio;
        b.maxRetainedAudioBytes = maxRetainedAudioBytes;
        return b;
    }


    /** Builds {@link ResponseOptions}. Not thread-safe. */
    public static final class Builder {
        private boolean outOfBand;
        private String instructions;
        private List<Tool> tools;
        private ToolChoice toolChoice;
        private List<String> outputModalities = new ArrayList<>();
        private List<Item> input;
        private Map<String, String> metadata = new LinkedHashMap<>();
        private Integer maxOutputTokens;
        private Voice voice;
        private Map<String, String> extra = new LinkedHashMap<>();
        private List<ExecutableTool<?>> executableTools = new ArrayList<>();
        private boolean retainAudio = true;
        private int maxRetainedAudioBytes = DEFAULT_MAX_RETAINED_AUDIO_BYTES;

        private Builder() {
        }

        /**
         * Whether the {@link Response} keeps the output audio (default true). With false,
         * {@link Response#audio()} is empty and memory does not grow with the response: consume
         * the audio from the handle's listener or {@link ResponseHandle#events()}.
         */
        public Builder retainAudio(boolean retainAudio) {
            this.retainAudio = retainAudio;
            return this;
        }

        /**
         * The most output audio the {@link Response} keeps, in bytes (default
         * {@value ResponseOptions#DEFAULT_MAX_RETAINED_AUDIO_BYTES}); audio past it is streamed but
         * not kept, and {@link Response#audioTruncated()} says so.
         */
        public Builder maxRetainedAudioBytes(int bytes) {
            this.maxRetainedAudioBytes = bytes;
            return this;
        }

        /** {@code conversation: "none"}: not written to the conversation; may run alongside others. */
        public Builder outOfBand(boolean outOfBand) {
            this.outOfBand = outOfBand;
            return this;
        }

        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /** Replaces the tools; executable tools not among them are dropped. */
        public Builder tools(List<Tool> tools) {
            this.tools = tools == null ? null : new ArrayList<>(tools);
            this.executableTools = new ArrayList<>(SessionOptions.keepDeclared(executableTools, this.tools));
            return this;
        }

        /**
         * Adds a tool for this response that the session runs by itself when the response calls
         * it (see {@link ExecutableTool}); like any response tools, they replace the session's for
         * this response. The follow-up response has the session's tools.
         */
        public Builder tool(ExecutableTool<?> tool) {
            if (tools == null) {
                tools = new ArrayList<>();
            }
            tools.add(tool.tool());
            executableTools.add(tool);
            return this;
        }

        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder outputModalities(String... modalities) {
            this.outputModalities = new ArrayList<>(List.of(modalities));
            return this;
        }

        /** Text output only for this response. */
        public Builder textOnly() {
            return outputModalities("text");
        }

        /** The context of this response instead of the conversation; an empty list means none. */
        public Builder input(List<Item> input) {
            this.input = input == null ? null : new ArrayList<>(input);
            return this;
        }

        /** Adds an item to the input context. */
        public Builder inputItem(Item item) {
            if (input == null) {
                input = new ArrayList<>();
            }
            input.add(item);
            return this;
        }

        /** Adds a reference to an existing conversation item to the input context. */
        public Builder inputReference(String itemId) {
            return inputItem(new OtherItem(itemId, "item_reference", null,
                    Json.MAPPER.createObjectNode().put("type", "item_reference").put("id", itemId).toString()));
        }

        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        public Builder maxOutputTokens(int maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder voice(Voice voice) {
            this.voice = voice;
            return this;
        }

        public Builder extra(String field, String rawJson) {
            this.extra.put(field, rawJson);
            return this;
        }

        public ResponseOptions build() {
            return new ResponseOptions(outOfBand, instructions, tools, toolChoice, outputModalities, input, metadata,
                    maxOutputTokens, voice, extra, executableTools, retainAudio, maxRetainedAudioBytes);
        }
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
