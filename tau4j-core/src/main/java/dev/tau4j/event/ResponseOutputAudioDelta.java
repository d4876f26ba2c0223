package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.output_audio.delta}: A chunk of output audio, decoded from base64: PCM16 little-endian (or G.711 bytes) in the session's output format. The array is not copied: do not modify it. Also decoded from the older name {@code response.audio.delta}.
 */
public record ResponseOutputAudioDelta(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, byte[] audio) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_audio.delta";

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
