package dev.tau4j.event;

/**
 * {@code response.output_audio.done}: The audio of a content part is complete. Also decoded from the older name {@code response.audio.done}.
 */
public record ResponseOutputAudioDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_audio.done";

    @Override
    public String type() {
        return TYPE;
    }
}
