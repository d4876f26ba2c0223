package dev.tau4j.event;

/**
 * {@code response.output_text.done}: The full text of a text part. Also decoded from the older name {@code response.text.done}.
 */
public record ResponseOutputTextDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, String text) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_text.done";

    @Override
    public String type() {
        return TYPE;
    }
}
