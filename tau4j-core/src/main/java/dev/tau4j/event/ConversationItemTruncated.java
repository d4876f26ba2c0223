package dev.tau4j.event;

/**
 * {@code conversation.item.truncated}: An assistant audio item was truncated at {@code audioEndMs}; its transcript was trimmed server-side.
 */
public record ConversationItemTruncated(String eventId, String itemId, int contentIndex, long audioEndMs) implements ConversationEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.truncated";

    @Override
    public String type() {
        return TYPE;
    }
}
