package dev.tau4j.event;

/**
 * {@code output_audio_buffer.clear}: WebRTC/SIP only: stop the server's audio playout.
 *
 * @param eventId  optional client event id
 */
public record OutputAudioBufferClear(String eventId) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.clear";

    @Override
    public String type() {
        return TYPE;
    }
}
