package dev.tau4j.event;

/**
 * {@code response.content_part.done}: A content part finished.
 */
public record ResponseContentPartDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, ContentPart part) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.content_part.done";

    @Override
    public String type() {
        return TYPE;
    }
}
