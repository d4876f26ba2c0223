package dev.tau4j.event;

/**
 * {@code input_audio_buffer.speech_started}: Server VAD heard speech start at {@code audioStartMs} (prefix padding included) of the session's input audio.
 */
public record InputAudioBufferSpeechStarted(String eventId, long audioStartMs, String itemId) implements InputAudioBufferEvent {

    /** The wire type. */
    public static final String TYPE = "input_audio_buffer.speech_started";

    @Override
    public String type() {
        return TYPE;
    }
}
