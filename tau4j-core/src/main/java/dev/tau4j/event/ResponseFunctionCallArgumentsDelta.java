package dev.tau4j.event;

/**
 * {@code response.function_call_arguments.delta}: A piece of a function call's JSON arguments.
 */
public record ResponseFunctionCallArgumentsDelta(String eventId, String responseId, String itemId, int outputIndex, String callId, String delta) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.function_call_arguments.delta";

    @Override
    public String type() {
        return TYPE;
    }
}
