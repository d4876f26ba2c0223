package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code session.created}: The first event of every connection: the session with the server defaults.
 */
public record SessionCreated(String eventId, SessionInfo session) implements SessionEvent {

    /** The wire type. */
    public static final String TYPE = "session.created";

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
