package dev.tau4j.event;

/**
 * {@code response.function_call_arguments.done}: A function call's complete JSON arguments ({@code name} is absent on older servers).
 */
public record ResponseFunctionCallArgumentsDone(String eventId, String responseId, String itemId, int outputIndex, String callId, String name, String arguments) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.function_call_arguments.done";

    @Override
    public String type() {
        return TYPE;
    }
}
