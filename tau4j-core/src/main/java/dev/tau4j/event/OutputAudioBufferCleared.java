package dev.tau4j.event;

/**
 * {@code output_audio_buffer.cleared}: WebRTC/SIP only: the server output audio buffer was cleared.
 */
public record OutputAudioBufferCleared(String eventId, String responseId) implements OutputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.cleared";

    @Override
    public String type() {
        return TYPE;
    }
}
