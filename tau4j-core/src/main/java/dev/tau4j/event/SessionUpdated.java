package dev.tau4j.event;

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
}
