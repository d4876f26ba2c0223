package dev.tau4j.event;

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
}
