package dev.tau4j.event;

/** Events about the conversation and its items. */
public sealed interface ConversationEvent extends ServerEvent
        permits ConversationCreated, ConversationItemDeleted, ConversationItemTruncated, InputAudioTranscriptionDelta, InputAudioTranscriptionCompleted, InputAudioTranscriptionSegment, InputAudioTranscriptionFailed, ConversationItemEvent {}
