package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * An item of a kind the library keeps raw (MCP items, or a type added to the protocol later).
 *
 * @param id      the item id
 * @param type    the wire type
 * @param status  the item status, or null
 * @param json    the raw JSON of the item
 */
public record OtherItem(String id, String type, String status, String json) implements Item {

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
