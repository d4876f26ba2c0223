package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.mcp_call_arguments.done}: An MCP call's complete arguments.
 */
public record ResponseMcpCallArgumentsDone(String eventId, String responseId, String itemId, int outputIndex, String arguments) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.mcp_call_arguments.done";

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
