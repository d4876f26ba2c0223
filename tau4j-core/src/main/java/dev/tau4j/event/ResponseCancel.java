package dev.tau4j.event;

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
}
