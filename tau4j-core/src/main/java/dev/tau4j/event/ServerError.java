package dev.tau4j.event;

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
}
