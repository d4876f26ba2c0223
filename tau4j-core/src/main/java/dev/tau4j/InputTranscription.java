package dev.tau4j;

import dev.tau4j.internal.Redaction;
import java.util.Objects;

/**
 * Transcription of the user's input audio, billed separately at the transcription model's price.
 *
 * @param model     e.g. {@code gpt-4o-mini-transcribe}, {@code whisper-1}
 * @param language  ISO-639-1 hint, or null
 * @param prompt    a prompt to guide the transcription, or null
 */
public record InputTranscription(String model, String language, String prompt) {

    public InputTranscription {
        Objects.requireNonNull(model, "model");
    }

    /** Transcription with {@code model} and no hints. */
    public static InputTranscription of(String model) {
        return new InputTranscription(model, null, null);
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
