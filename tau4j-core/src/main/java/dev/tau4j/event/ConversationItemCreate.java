package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.item.create}: add an item to the conversation.
 *
 * @param eventId         optional client event id
 * @param previousItemId  insert after this item ({@code root} for the start); null appends
 * @param item            the item; its id may be null to let the server choose
 */
public record ConversationItemCreate(String eventId, String previousItemId, Item item) implements ClientEvent {

    public ConversationItemCreate {
        java.util.Objects.requireNonNull(item, "item");
    }

    /** The wire type. */
    public static final String TYPE = "conversation.item.create";

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
