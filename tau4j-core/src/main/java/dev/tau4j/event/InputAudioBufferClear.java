package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code input_audio_buffer.clear}: drop the buffered input audio.
 *
 * @param eventId  optional client event id
 */
public record InputAudioBufferClear(String eventId) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.clear";

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
