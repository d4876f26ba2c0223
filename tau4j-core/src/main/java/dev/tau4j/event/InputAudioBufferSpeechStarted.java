package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code input_audio_buffer.speech_started}: Server VAD heard speech start at {@code audioStartMs} (prefix padding included) of the session's input audio.
 */
public record InputAudioBufferSpeechStarted(String eventId, long audioStartMs, String itemId) implements InputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.speech_started";

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
