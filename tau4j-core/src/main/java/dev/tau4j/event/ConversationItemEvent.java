package dev.tau4j.event;

/** Conversation events that carry a whole item. */
public sealed interface ConversationItemEvent extends ConversationEvent
        permits ConversationItemAdded, ConversationItemDone, ConversationItemCreated, ConversationItemRetrieved {}
