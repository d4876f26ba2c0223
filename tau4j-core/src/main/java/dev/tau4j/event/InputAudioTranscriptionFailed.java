package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.item.input_audio_transcription.failed}: Transcription of a user audio item failed.
 */
public record InputAudioTranscriptionFailed(String eventId, String itemId, int contentIndex, ErrorDetail error) implements ConversationEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.input_audio_transcription.failed";

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
