package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
