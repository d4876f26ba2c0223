package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.output_item.added}: A response started an output item.
 */
public record ResponseOutputItemAdded(String eventId, String responseId, int outputIndex, Item item) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_item.added";

    @Override
    public String type() {
        return TYPE;
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
