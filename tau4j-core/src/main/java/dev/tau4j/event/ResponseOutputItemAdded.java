package dev.tau4j.event;

/**
 * {@code response.output_item.added}: A response started an output item.
 */
public record ResponseOutputItemAdded(String eventId, String responseId, int outputIndex, Item item) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_item.added";

    @Override
    public String type() {
        return TYPE;
    }
}
