package dev.tau4j.event;

/**
 * {@code output_audio_buffer.stopped}: WebRTC/SIP only: the server finished playing a response's audio.
 */
public record OutputAudioBufferStopped(String eventId, String responseId) implements OutputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "output_audio_buffer.stopped";

    @Override
    public String type() {
        return TYPE;
    }
}
