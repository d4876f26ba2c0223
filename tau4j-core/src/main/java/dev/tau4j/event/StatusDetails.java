package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * Why a response ended the way it did.
 *
 * @param type    {@code completed}, {@code cancelled}, {@code failed} or {@code incomplete}
 * @param reason  e.g. {@code turn_detected}, {@code client_cancelled}, {@code max_output_tokens},
 *                {@code content_filter}; may be null
 * @param error   the error of a failed response; may be null
 */
public record StatusDetails(String type, String reason, ErrorDetail error) {

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
