package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * Usage of one input audio transcription, from
 * {@code conversation.item.input_audio_transcription.completed}. Transcription is billed at the
 * transcription model's price, separately from responses.
 *
 * <p>The server reports either tokens ({@code type:"tokens"}) or a duration
 * ({@code type:"duration"}); the fields of the other variant are zero.
 *
 * @param kind              which variant the server reported
 * @param inputTextTokens   input text tokens (the prompt), tokens variant
 * @param inputAudioTokens  input audio tokens, tokens variant
 * @param outputTokens      output (transcript) tokens, tokens variant
 * @param seconds           billed audio seconds, duration variant
 */
public record TranscriptionUsage(Kind kind, long inputTextTokens, long inputAudioTokens, long outputTokens, double seconds) {

    /** The two shapes the server uses. */
    public enum Kind { TOKENS, DURATION }

    public TranscriptionUsage {
        java.util.Objects.requireNonNull(kind, "kind");
        if (inputTextTokens < 0 || inputAudioTokens < 0 || outputTokens < 0 || seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("transcription usage must not be negative");
        }
    }

    /** A tokens-variant usage. */
    public static TranscriptionUsage ofTokens(long inputTextTokens, long inputAudioTokens, long outputTokens) {
        return new TranscriptionUsage(Kind.TOKENS, inputTextTokens, inputAudioTokens, outputTokens, 0);
    }

    /** A duration-variant usage. */
    public static TranscriptionUsage ofSeconds(double seconds) {
        return new TranscriptionUsage(Kind.DURATION, 0, 0, 0, seconds);
    }

    /** Input tokens of both kinds. */
    public long inputTokens() {
        return inputTextTokens + inputAudioTokens;
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
