package dev.tau4j.event;

/**
 * {@code input_audio_buffer.commit}: turn the input buffer into a user item (at least 100 ms of audio).
 *
 * @param eventId  optional client event id
 */
public record InputAudioBufferCommit(String eventId) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.commit";

    @Override
    public String type() {
        return TYPE;
    }
}
