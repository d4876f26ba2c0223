package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.mcp_call_arguments.delta}: A piece of an MCP call's arguments.
 */
public record ResponseMcpCallArgumentsDelta(String eventId, String responseId, String itemId, int outputIndex, String delta) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.mcp_call_arguments.delta";

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
