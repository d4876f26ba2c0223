package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
