package dev.tau4j.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;

/**
 * Decodes and encodes the OpenAI Realtime usage objects (beta and GA wire shapes).
 *
 * <p>Decoding is lenient, because the shape changed three times and relays drop fields:
 * <ul>
 *   <li>a missing or non-numeric count is 0; a missing, {@code null} or non-object node is
 *       {@link Usage#ZERO};</li>
 *   <li>the October 2024 shape has {@code input_token_details.cached_tokens} but no
 *       {@code cached_tokens_details}: the cached total is attributed to text (the cheapest
 *       reading, and at the time only text was cached in practice), capped at the text count,
 *       with any remainder attributed to audio;</li>
 *   <li>when a details object is absent but its total ({@code input_tokens},
 *       {@code output_tokens}) is present, the total is attributed to text so that token totals
 *       stay right (the GA reference example omits {@code output_token_details}).</li>
 * </ul>
 * Cached counts larger than their kind's count (never seen on the wire) are capped at it, so a
 * decoded {@link Usage} always satisfies "cached is a subset".
 */
public final class UsageCodec {

    private UsageCodec() {
    }

    /**
     * Decodes {@code response.done.response.usage}.
     *
     * @param usageNode the usage object; {@code null}, JSON null or missing gives {@link Usage#ZERO}
     */
    /** Parses a usage object given as JSON text; see {@link Usage#fromJson(String)}. */
    public static Usage parse(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("usage is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("usage must be a JSON object");
        }
        return isGeminiUsage(node) ? geminiUsage(node) : usage(node);
    }

    /** Whether {@code node} is Gemini Live's {@code usageMetadata} shape (camelCase token counts). */
    public static boolean isGeminiUsage(JsonNode node) {
        return node.has("promptTokenCount") || node.has("responseTokenCount") || node.has("totalTokenCount")
                || node.has("candidatesTokenCount") || node.has("promptTokensDetails");
    }

    public static Usage usage(JsonNode usageNode) {
        if (usageNode == null || !usageNode.isObject()) {
            return Usage.ZERO;
        }
        JsonNode in = usageNode.path("input_token_details");
        JsonNode out = usageNode.path("output_token_details");

        long inText;
        long inAudio;
        long inImage;
        if (in.isObject()) {
            inText = count(in, "text_tokens");
            inAudio = count(in, "audio_tokens");
            inImage = count(in, "image_tokens");
        } else {
            inText = count(usageNode, "input_tokens");
            inAudio = 0;
            inImage = 0;
        }

        long cachedText;
        long cachedAudio;
        long cachedImage;
        JsonNode cachedDetails = in.path("cached_tokens_details");
        if (cachedDetails.isObject()) {
            cachedText = count(cachedDetails, "text_tokens");
            cachedAudio = count(cachedDetails, "audio_tokens");
            cachedImage = count(cachedDetails, "image_tokens");
        } else {
            long cached = count(in, "cached_tokens");
            cachedText = Math.min(cached, inText);
            cachedAudio = Math.min(cached - cachedText, inAudio);
            cachedImage = 0;
        }

        long outText;
        long outAudio;
        if (out.isObject()) {
            outText = count(out, "text_tokens");
            outAudio = count(out, "audio_tokens");
        } else {
            outText = count(usageNode, "output_tokens");
            outAudio = 0;
        }
        return new Usage(inText, inAudio, inImage,
                Math.min(cachedText, inText), Math.min(cachedAudio, inAudio), Math.min(cachedImage, inImage),
                outText, outAudio);
    }

    /**
     * Decodes the {@code usage} of {@code conversation.item.input_audio_transcription.completed}:
     * {@code {"type":"tokens","input_tokens":…,"input_token_details":{"text_tokens","audio_tokens"},"output_tokens":…}}
     * or {@code {"type":"duration","seconds":…}}.
     *
     * @return the usage, or {@code null} when the node is absent, JSON null or not an object.
     *         An object without {@code type} is read as tokens when it has token fields, else as
     *         a duration.
     */
    public static TranscriptionUsage transcriptionUsage(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        String type = node.path("type").asText("");
        boolean duration = type.equals("duration")
                || (type.isEmpty() && node.has("seconds") && !node.has("input_tokens"));
        if (duration) {
            double seconds = node.path("seconds").asDouble(0);
            return TranscriptionUsage.ofSeconds(Double.isFinite(seconds) && seconds > 0 ? seconds : 0);
        }
        JsonNode details = node.path("input_token_details");
        long text;
        long audio;
        if (details.isObject()) {
            text = count(details, "text_tokens");
            audio = count(details, "audio_tokens");
        } else {
            text = 0;
            audio = count(node, "input_tokens");
        }
        return TranscriptionUsage.ofTokens(text, audio, count(node, "output_tokens"));
    }

    /**
     * Decodes a Gemini Live {@code usageMetadata} object (one per model turn; its
     * {@code promptTokenCount} covers the whole context re-read that turn).
     *
     * <p>Per-modality details are used when present: {@code TEXT} (and any other modality, such as
     * {@code DOCUMENT}) → text, {@code AUDIO} → audio, {@code IMAGE} and {@code VIDEO} → image
     * (Gemini prices them at the audio-input rate; the bundled table prices image accordingly).
     * The part of a total its details do not cover is attributed to text.
     * {@code toolUsePromptTokenCount} is input, {@code thoughtsTokenCount} is output text
     * (Gemini bills thinking as output). Output is {@code responseTokenCount} /
     * {@code responseTokensDetails}, or Vertex's {@code candidatesTokenCount} /
     * {@code candidatesTokensDetails} when those are absent. Cached tokens come from
     * {@code cacheTokensDetails} or {@code cachedContentTokenCount} (text).
     *
     * @param usageMetadata the object; {@code null}, JSON null or missing gives {@link Usage#ZERO}
     */
    public static Usage geminiUsage(JsonNode usageMetadata) {
        if (usageMetadata == null || !usageMetadata.isObject()) {
            return Usage.ZERO;
        }
        long[] in = modalities(usageMetadata.path("promptTokensDetails"), count(usageMetadata, "promptTokenCount"));
        long[] tool = modalities(usageMetadata.path("toolUsePromptTokensDetails"),
                count(usageMetadata, "toolUsePromptTokenCount"));
        long[] cached = modalities(usageMetadata.path("cacheTokensDetails"),
                count(usageMetadata, "cachedContentTokenCount"));
        boolean response = usageMetadata.has("responseTokenCount") || usageMetadata.has("responseTokensDetails");
        long[] out = response
                ? modalities(usageMetadata.path("responseTokensDetails"), count(usageMetadata, "responseTokenCount"))
                : modalities(usageMetadata.path("candidatesTokensDetails"), count(usageMetadata, "candidatesTokenCount"));
        long inText = in[0] + tool[0];
        long inAudio = in[1] + tool[1];
        long inImage = in[2] + tool[2];
        return new Usage(inText, inAudio, inImage,
                Math.min(cached[0], inText), Math.min(cached[1], inAudio), Math.min(cached[2], inImage),
                out[0] + count(usageMetadata, "thoughtsTokenCount") + out[2], out[1]);
    }

    /** {text, audio, image} from a Gemini modality list, the uncovered rest of {@code total} as text. */
    private static long[] modalities(JsonNode details, long total) {
        long[] counts = new long[3];
        if (details.isArray()) {
            for (JsonNode d : details) {
                long n = count(d, "tokenCount");
                switch (d.path("modality").asText("")) {
                    case "AUDIO" -> counts[1] += n;
                    case "IMAGE", "VIDEO" -> counts[2] += n;
                    default -> counts[0] += n;
                }
            }
        }
        long covered = counts[0] + counts[1] + counts[2];
        if (total > covered) {
            counts[0] += total - covered;
        }
        return counts;
    }

    /** Encodes a usage in the GA shape, totals included, with {@code cached_tokens_details}. */
    public static ObjectNode toJson(Usage usage) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("total_tokens", usage.totalTokens());
        root.put("input_tokens", usage.inputTokens());
        root.put("output_tokens", usage.outputTokens());
        ObjectNode in = root.putObject("input_token_details");
        in.put("text_tokens", usage.inputTextTokens());
        in.put("audio_tokens", usage.inputAudioTokens());
        in.put("image_tokens", usage.inputImageTokens());
        in.put("cached_tokens", usage.cachedTokens());
        ObjectNode cached = in.putObject("cached_tokens_details");
        cached.put("text_tokens", usage.cachedTextTokens());
        cached.put("audio_tokens", usage.cachedAudioTokens());
        cached.put("image_tokens", usage.cachedImageTokens());
        ObjectNode out = root.putObject("output_token_details");
        out.put("text_tokens", usage.outputTextTokens());
        out.put("audio_tokens", usage.outputAudioTokens());
        return root;
    }

    private static long count(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isNumber()) {
            return 0;
        }
        long v = n.asLong();
        return Math.max(v, 0);
    }
}
