package dev.tau4j.event;

/**
 * {@code response.mcp_call.failed}: An MCP call failed.
 */
public record ResponseMcpCallFailed(String eventId, String responseId, int outputIndex, String itemId) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.mcp_call.failed";

    @Override
    public String type() {
        return TYPE;
    }
}
