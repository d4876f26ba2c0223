package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
