package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.output_text.delta}: A piece of text output. Also decoded from the older name {@code response.text.delta}.
 */
public record ResponseOutputTextDelta(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, String delta) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_text.delta";

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
