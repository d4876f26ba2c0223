package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code session.update}: change the session configuration; answered by {@code session.updated} with the full effective configuration, or by an {@code error} that discards the whole update.
 *
 * @param eventId      optional client event id, echoed only in an error it causes
 * @param sessionJson  the JSON of the (partial) GA session object; must include {@code type}
 */
public record SessionUpdate(String eventId, String sessionJson) implements ClientEvent {

    public SessionUpdate {
        java.util.Objects.requireNonNull(sessionJson, "sessionJson");
    }

    /** The wire type. */
    public static final String TYPE = "session.update";

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
