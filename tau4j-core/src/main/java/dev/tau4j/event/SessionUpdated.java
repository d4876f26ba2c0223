package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code session.updated}: The full effective session configuration after a {@code session.update}. Also decoded from the older name {@code transcription_session.updated}.
 */
public record SessionUpdated(String eventId, SessionInfo session) implements SessionEvent {

    /** The wire type. */
    public static final String TYPE = "session.updated";

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
