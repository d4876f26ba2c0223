package dev.tau4j.event;

/**
 * A conversation item: a message, a function call, a function call's output, or another kind
 * the library keeps raw ({@link OtherItem}, e.g. MCP items).
 */
public sealed interface Item permits MessageItem, FunctionCallItem, FunctionCallOutputItem, OtherItem {

    /** The item id ({@code item_…} or the client's own id); null on items not yet created. */
    String id();

    /** The wire type, e.g. {@code message}. */
    String type();

    /** {@code completed}, {@code incomplete} or {@code in_progress}; null when absent. */
    String status();
}
