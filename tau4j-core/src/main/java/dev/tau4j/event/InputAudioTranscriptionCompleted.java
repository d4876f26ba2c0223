package dev.tau4j.event;

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
}
