package dev.tau4j.event;

/**
 * {@code response.content_part.added}: A content part started (GA still names its type {@code audio}/{@code text}).
 */
public record ResponseContentPartAdded(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, ContentPart part) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.content_part.added";

    @Override
    public String type() {
        return TYPE;
    }
}
