package dev.tau4j.event;

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
}
