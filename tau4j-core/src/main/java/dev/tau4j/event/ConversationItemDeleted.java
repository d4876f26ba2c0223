package dev.tau4j.event;

/**
 * {@code conversation.item.deleted}: An item was deleted.
 */
public record ConversationItemDeleted(String eventId, String itemId) implements ConversationEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.deleted";

    @Override
    public String type() {
        return TYPE;
    }
}
