package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
