package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * The result of a function call, sent back to the model.
 *
 * @param id      the item id, or null to let the server choose one
 * @param status  the item status, or null
 * @param callId  the call id this answers
 * @param output  the output, free text (usually JSON)
 */
public record FunctionCallOutputItem(String id, String status, String callId, String output) implements Item {

    @Override
    public String type() {
        return "function_call_output";
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
