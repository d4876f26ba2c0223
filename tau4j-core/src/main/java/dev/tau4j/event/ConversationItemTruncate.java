package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.item.truncate}: cut an assistant audio item at what the user actually heard.
 *
 * @param eventId       optional client event id
 * @param itemId        the assistant item
 * @param contentIndex  the audio part, usually 0
 * @param audioEndMs    milliseconds of audio the user heard; must not exceed the audio's length
 */
public record ConversationItemTruncate(String eventId, String itemId, int contentIndex, long audioEndMs) implements ClientEvent {

    public ConversationItemTruncate {
        java.util.Objects.requireNonNull(itemId, "itemId");
    }

    /** The wire type. */
    public static final String TYPE = "conversation.item.truncate";

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
