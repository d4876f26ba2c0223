package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
