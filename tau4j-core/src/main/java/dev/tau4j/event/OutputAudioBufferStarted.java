package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code output_audio_buffer.started}: WebRTC/SIP only: the server started playing a response's audio.
 */
public record OutputAudioBufferStarted(String eventId, String responseId) implements OutputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.started";

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
