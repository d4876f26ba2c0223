package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.created}: Beta and xAI only: the conversation object, right after session creation.
 */
public record ConversationCreated(String eventId, String conversation) implements ConversationEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.created";

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
