package dev.tau4j.event;

/**
 * {@code conversation.item.created}: Beta protocol: an item was created (GA sends added + done instead).
 */
public record ConversationItemCreated(String eventId, String previousItemId, Item item) implements ConversationItemEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.created";

    @Override
    public String type() {
        return TYPE;
    }
}
