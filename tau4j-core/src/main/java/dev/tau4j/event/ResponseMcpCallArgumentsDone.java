package dev.tau4j.event;

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
}
