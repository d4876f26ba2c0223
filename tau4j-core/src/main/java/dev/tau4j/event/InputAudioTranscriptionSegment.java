package dev.tau4j.event;

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
}
