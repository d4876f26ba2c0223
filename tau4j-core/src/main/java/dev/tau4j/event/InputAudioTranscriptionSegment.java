package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code conversation.item.input_audio_transcription.segment}: A diarized transcript segment (diarization models only); times in seconds.
 */
public record InputAudioTranscriptionSegment(String eventId, String itemId, int contentIndex, String segmentId, String text, String speaker, double start, double end) implements ConversationEvent {

    /** The wire type. */
    public static final String TYPE = "conversation.item.input_audio_transcription.segment";

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
