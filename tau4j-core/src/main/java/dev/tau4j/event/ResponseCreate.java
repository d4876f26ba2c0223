package dev.tau4j.event;

/**
 * {@code response.create}: ask the model for a response.
 *
 * @param eventId       optional client event id
 * @param responseJson  the JSON of the GA {@code response} options object, or null for none
 */
public record ResponseCreate(String eventId, String responseJson) implements ClientEvent {

    /** The wire type. */
    public static final String TYPE = "response.create";

    @Override
    public String type() {
        return TYPE;
    }
}
