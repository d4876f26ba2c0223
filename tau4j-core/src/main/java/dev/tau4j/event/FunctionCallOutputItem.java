package dev.tau4j.event;

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
}
