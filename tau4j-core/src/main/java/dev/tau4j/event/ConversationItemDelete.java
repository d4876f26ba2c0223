package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.item.delete}: delete an item.
 *
 * @param eventId  optional client event id
 * @param itemId   the item
 */
public record ConversationItemDelete(String eventId, String itemId) implements ClientEvent {

    public ConversationItemDelete {
        java.util.Objects.requireNonNull(itemId, "itemId");
    }

    /** The wire type. */
    public static final String TYPE = "conversation.item.delete";

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
