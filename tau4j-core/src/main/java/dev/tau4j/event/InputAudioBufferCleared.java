package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code input_audio_buffer.cleared}: The input audio buffer was cleared.
 */
public record InputAudioBufferCleared(String eventId) implements InputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.cleared";

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
