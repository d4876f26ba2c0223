package dev.tau4j.event;

/**
 * {@code output_audio_buffer.started}: WebRTC/SIP only: the server started playing a response's audio.
 */
public record OutputAudioBufferStarted(String eventId, String responseId) implements OutputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.started";

    @Override
    public String type() {
        return TYPE;
    }
}
