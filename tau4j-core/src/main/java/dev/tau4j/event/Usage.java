package dev.tau4j.event;


/**
 * Token usage of one response, as reported in {@code response.done.response.usage}.
 *
 * <p>Counts are split by kind. Cached counts are a subset of the input counts of the same kind,
 * never additive: {@code inputTextTokens} already includes {@code cachedTextTokens}. When the
 * server reports a cached total without a per-kind split (the October 2024 wire shape), the
 * codec attributes it to text.
 *
 * @param inputTextTokens    input text tokens, cached ones included
 * @param inputAudioTokens   input audio tokens, cached ones included
 * @param inputImageTokens   input image tokens, cached ones included
 * @param cachedTextTokens   input text tokens served from the prompt cache
 * @param cachedAudioTokens  input audio tokens served from the prompt cache
 * @param cachedImageTokens  input image tokens served from the prompt cache
 * @param outputTextTokens   output text tokens (the transcript of audio output counts here)
 * @param outputAudioTokens  output audio tokens
 */
public record Usage(
        long inputTextTokens,
        long inputAudioTokens,
        long inputImageTokens,
        long cachedTextTokens,
        long cachedAudioTokens,
        long cachedImageTokens,
        long outputTextTokens,
        long outputAudioTokens) {

    /** No tokens at all. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * The usage object of the wire as a value: OpenAI's ({@code response.done}'s {@code
     * response.usage}: {@code input_tokens}, {@code input_token_details}, …) or Gemini Live's
     * {@code usageMetadata} ({@code promptTokenCount}, {@code responseTokensDetails}, …, told apart
     * by its camelCase counts); missing counts are 0. Throws {@link IllegalArgumentException} when
     * {@code json} is not a JSON object or a count is not a non-negative number.
     */
    public static Usage fromJson(String json) {
        return dev.tau4j.internal.codec.UsageCodec.parse(json);
    }

    public Usage {
        requireNonNegative(inputTextTokens, "inputTextTokens");
        requireNonNegative(inputAudioTokens, "inputAudioTokens");
        requireNonNegative(inputImageTokens, "inputImageTokens");
        requireNonNegative(cachedTextTokens, "cachedTextTokens");
        requireNonNegative(cachedAudioTokens, "cachedAudioTokens");
        requireNonNegative(cachedImageTokens, "cachedImageTokens");
        requireNonNegative(outputTextTokens, "outputTextTokens");
        requireNonNegative(outputAudioTokens, "outputAudioTokens");
    }

    /** All input tokens (text + audio + image), cached ones included. */
    public long inputTokens() {
        return inputTextTokens + inputAudioTokens + inputImageTokens;
    }

    /** All cached input tokens. */
    public long cachedTokens() {
        return cachedTextTokens + cachedAudioTokens + cachedImageTokens;
    }

    /** All output tokens (text + audio). */
    public long outputTokens() {
        return outputTextTokens + outputAudioTokens;
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens() + outputTokens();
    }

    /** The sum of this usage and {@code other}, kind by kind. */
    public Usage plus(Usage other) {
        return new Usage(
                inputTextTokens + other.inputTextTokens,
                inputAudioTokens + other.inputAudioTokens,
                inputImageTokens + other.inputImageTokens,
                cachedTextTokens + other.cachedTextTokens,
                cachedAudioTokens + other.cachedAudioTokens,
                cachedImageTokens + other.cachedImageTokens,
                outputTextTokens + other.outputTextTokens,
                outputAudioTokens + other.outputAudioTokens);
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    /**
     * {@code Usage[input 132 (text 132, audio 0, cached 0), output 18 (text 3, audio 15), total 150 tokens]};
     * image tokens appear when there are any.
     */
    @Override
    public String toString() {
        return "Usage[input " + inputTokens() + " (text " + inputTextTokens + ", audio " + inputAudioTokens
                + (inputImageTokens > 0 ? ", image " + inputImageTokens : "") + ", cached " + cachedTokens()
                + "), output " + outputTokens() + " (text " + outputTextTokens + ", audio " + outputAudioTokens
                + "), total " + totalTokens() + " tokens]";
    }
}
