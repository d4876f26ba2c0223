package dev.tau4j.event;

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
}
