package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
