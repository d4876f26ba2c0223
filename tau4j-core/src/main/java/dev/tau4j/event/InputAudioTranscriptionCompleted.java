package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.item.input_audio_transcription.completed}: The transcript of a user audio item, with its usage (billed at the transcription model's price; null on old servers).
 */
public record InputAudioTranscriptionCompleted(String eventId, String itemId, int contentIndex, String transcript, TranscriptionUsage usage) implements ConversationEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.input_audio_transcription.completed";

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
