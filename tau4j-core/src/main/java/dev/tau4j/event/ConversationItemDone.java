package dev.tau4j.event;

/**
 * {@code conversation.item.done}: An item is final (full content, audio bytes omitted).
 */
public record ConversationItemDone(String eventId, String previousItemId, Item item) implements ConversationItemEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.done";

    @Override
    public String type() {
        return TYPE;
    }
}
