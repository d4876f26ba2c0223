package dev.tau4j.event;

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
}
