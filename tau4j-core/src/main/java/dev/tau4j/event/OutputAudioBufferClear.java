package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code output_audio_buffer.clear}: WebRTC/SIP only: stop the server's audio playout.
 *
 * @param eventId  optional client event id
 */
public record OutputAudioBufferClear(String eventId) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.clear";

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
