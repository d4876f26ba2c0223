package dev.tau4j.event;

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
}
