package dev.tau4j.event;

/**
 * {@code mcp_list_tools.in_progress}: The server is listing an MCP server's tools.
 */
public record McpListToolsInProgress(String eventId, String itemId) implements ServerEvent {

    /** The wire type. */
    public static final String TYPE = "mcp_list_tools.in_progress";

    @Override
    public String type() {
        return TYPE;
    }
}
