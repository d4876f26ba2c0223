package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
