package dev.tau4j.cost;

import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.internal.Readable;
import java.util.Objects;

/**
 * One input audio transcription as recorded in a {@link UsageLedger}; billed at the
 * transcription model's price, separately from responses.
 *
 * @param itemId    the user audio item that was transcribed
 * @param model     the transcription model
 * @param usage     the reported usage
 * @param estimate  the cost estimate of {@code usage} for {@code model}
 */
public record TranscriptionEntry(String itemId, String model, TranscriptionUsage usage, CostEstimate estimate) {

    public TranscriptionEntry {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(estimate, "estimate");
    }

    /** Transcription tokens (input + output); 0 for a duration usage. */
    public long tokens() {
        return usage.inputTokens() + usage.outputTokens();
    }

    /** {@code TranscriptionEntry[item_1, gpt-4o-mini-transcribe, $0.0001]}. */
    @Override
    public String toString() {
        return "TranscriptionEntry[" + itemId + ", " + model + ", "
                + (estimate.isKnown() ? Readable.usd(estimate.totalUsd()) : "cost unknown") + "]";
    }
}
