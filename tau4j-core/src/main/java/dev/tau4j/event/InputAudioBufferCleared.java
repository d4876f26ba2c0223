package dev.tau4j.event;

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
}
