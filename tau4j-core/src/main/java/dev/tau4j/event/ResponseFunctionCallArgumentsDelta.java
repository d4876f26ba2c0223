package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

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

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
