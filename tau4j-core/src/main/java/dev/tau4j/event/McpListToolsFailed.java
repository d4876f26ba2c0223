package dev.tau4j.event;

/**
 * {@code mcp_list_tools.failed}: Listing an MCP server's tools failed.
 */
public record McpListToolsFailed(String eventId, String itemId) implements ServerEvent {

    /** The wire type. */
    public static final String TYPE = "mcp_list_tools.failed";

    @Override
    public String type() {
        return TYPE;
    }
}
