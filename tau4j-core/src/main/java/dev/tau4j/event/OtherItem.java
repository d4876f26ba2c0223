package dev.tau4j.event;

/**
 * An item of a kind the library keeps raw (MCP items, or a type added to the protocol later).
 *
 * @param id      the item id
 * @param type    the wire type
 * @param status  the item status, or null
 * @param json    the raw JSON of the item
 */
public record OtherItem(String id, String type, String status, String json) implements Item {
}
