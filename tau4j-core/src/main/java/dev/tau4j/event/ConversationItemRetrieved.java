package dev.tau4j.event;

/**
 * {@code conversation.item.retrieved}: The answer to {@code conversation.item.retrieve}: the full item, audio included.
 */
public record ConversationItemRetrieved(String eventId, Item item) implements ConversationItemEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.retrieved";

    @Override
    public String type() {
        return TYPE;
    }
}
