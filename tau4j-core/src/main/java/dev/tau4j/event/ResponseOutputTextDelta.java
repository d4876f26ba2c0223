package dev.tau4j.event;

/**
 * {@code response.output_text.delta}: A piece of text output. Also decoded from the older name {@code response.text.delta}.
 */
public record ResponseOutputTextDelta(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, String delta) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_text.delta";

    @Override
    public String type() {
        return TYPE;
    }
}
