package dev.tau4j.event;

/**
 * {@code response.output_audio_transcript.delta}: A piece of the transcript of output audio. Also decoded from the older name {@code response.audio_transcript.delta}.
 */
public record ResponseOutputAudioTranscriptDelta(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, String delta) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_audio_transcript.delta";

    @Override
    public String type() {
        return TYPE;
    }
}
