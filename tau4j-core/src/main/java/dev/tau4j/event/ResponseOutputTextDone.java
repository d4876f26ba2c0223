package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.output_text.done}: The full text of a text part. Also decoded from the older name {@code response.text.done}.
 */
public record ResponseOutputTextDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, String text) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_text.done";

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
