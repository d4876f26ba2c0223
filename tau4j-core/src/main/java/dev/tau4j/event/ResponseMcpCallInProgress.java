package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.mcp_call.in_progress}: An MCP call is running.
 */
public record ResponseMcpCallInProgress(String eventId, String responseId, int outputIndex, String itemId) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.mcp_call.in_progress";

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
