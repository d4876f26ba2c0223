package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code mcp_list_tools.completed}: Listing an MCP server's tools completed.
 */
public record McpListToolsCompleted(String eventId, String itemId) implements ServerEvent {

    /** The wire type. */
    public static final String TYPE = "mcp_list_tools.completed";

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
