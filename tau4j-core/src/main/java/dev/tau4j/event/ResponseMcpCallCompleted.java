package dev.tau4j.event;

/**
 * {@code response.mcp_call.completed}: An MCP call completed.
 */
public record ResponseMcpCallCompleted(String eventId, String responseId, int outputIndex, String itemId) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.mcp_call.completed";

    @Override
    public String type() {
        return TYPE;
    }
}
