package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * A server event of a type this version of tau4j does not model (a new protocol event, a
 * provider's extension such as xAI's {@code ping}). Kept whole, never dropped.
 *
 * @param type     the wire type as sent
 * @param eventId  the server's event id, or null
 * @param json     the raw JSON of the whole event
 */
public record UnknownEvent(String type, String eventId, String json) implements ServerEvent {

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
