package dev.tau4j.event;

/**
 * Every event a client sends to a realtime server (GA protocol), as a record named after its
 * wire type. {@code Session} sends these for you; {@code Session.send(ClientEvent)} sends one
 * by hand.
 */
public sealed interface ClientEvent
        permits SessionUpdate, InputAudioBufferAppend, InputAudioBufferCommit, InputAudioBufferClear,
                OutputAudioBufferClear, ConversationItemCreate, ConversationItemRetrieve, ConversationItemTruncate,
                ConversationItemDelete, ResponseCreate, ResponseCancel {

    /** The wire type, e.g. {@code "response.create"}. */
    String type();

    /** The client's id for this event, echoed in an error it causes; may be null. */
    String eventId();
}
