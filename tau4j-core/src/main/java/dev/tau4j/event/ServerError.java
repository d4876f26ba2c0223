package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code error}: A server error. Non-fatal unless the server closes the socket at once (auth, request shape, session expiry). {@code error().eventId()} names the client event that caused it, if any.
 */
public record ServerError(String eventId, ErrorDetail error) implements ServerEvent {

    /** The wire type. */
    public static final String TYPE = "error";

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
