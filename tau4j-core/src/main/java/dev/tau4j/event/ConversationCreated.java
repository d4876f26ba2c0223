package dev.tau4j.event;

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
}
