package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * A function call the model made.
 *
 * @param id         the item id
 * @param status     the item status, or null
 * @param callId     the call id ({@code call_…}) to answer with a {@link FunctionCallOutputItem}
 * @param name       the function name
 * @param arguments  the arguments as a JSON string (empty while in progress)
 */
public record FunctionCallItem(String id, String status, String callId, String name, String arguments) implements Item {

    @Override
    public String type() {
        return "function_call";
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
