package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.cancel}: cancel the active response (or the named one).
 *
 * @param eventId     optional client event id
 * @param responseId  the response to cancel, or null for the active one
 */
public record ResponseCancel(String eventId, String responseId) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "response.cancel";

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
