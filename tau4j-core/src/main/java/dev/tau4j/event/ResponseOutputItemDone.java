package dev.tau4j.event;

/**
 * {@code response.output_item.done}: A response finished an output item.
 */
public record ResponseOutputItemDone(String eventId, String responseId, int outputIndex, Item item) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_item.done";

    @Override
    public String type() {
        return TYPE;
    }
}
