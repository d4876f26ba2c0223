package dev.tau4j.event;

/**
 * {@code response.output_audio_transcript.done}: The full transcript of an audio part. Also decoded from the older name {@code response.audio_transcript.done}.
 */
public record ResponseOutputAudioTranscriptDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, String transcript) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_audio_transcript.done";

    @Override
    public String type() {
        return TYPE;
    }
}
