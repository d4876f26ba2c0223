package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code input_audio_buffer.timeout_triggered}: The VAD idle timeout fired: an empty user item was committed and a response follows.
 */
public record InputAudioBufferTimeoutTriggered(String eventId, long audioStartMs, long audioEndMs, String itemId) implements InputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.timeout_triggered";

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
