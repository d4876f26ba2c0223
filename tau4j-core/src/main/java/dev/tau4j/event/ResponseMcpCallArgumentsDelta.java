package dev.tau4j.event;

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
}
