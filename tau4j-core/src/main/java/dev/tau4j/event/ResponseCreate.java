package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.create}: ask the model for a response.
 *
 * @param eventId       optional client event id
 * @param responseJson  the JSON of the GA {@code response} options object, or null for none
 */
public record ResponseCreate(String eventId, String responseJson) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "response.create";

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
