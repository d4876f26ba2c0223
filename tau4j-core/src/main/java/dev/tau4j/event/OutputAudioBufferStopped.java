package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code output_audio_buffer.stopped}: WebRTC/SIP only: the server finished playing a response's audio.
 */
public record OutputAudioBufferStopped(String eventId, String responseId) implements OutputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.stopped";

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
