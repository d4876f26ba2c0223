package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code input_audio_buffer.append}: append audio to the input buffer (no acknowledgement).
 *
 * @param eventId  optional client event id
 * @param audio    audio in the session's input format (PCM16 little-endian or G.711 bytes); sent base64
 */
public record InputAudioBufferAppend(String eventId, byte[] audio) implements ClientEvent {

    public InputAudioBufferAppend {
        java.util.Objects.requireNonNull(audio, "audio");
    }

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.append";

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
