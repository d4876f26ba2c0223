package dev.tau4j.internal.codec;

import static dev.tau4j.internal.codec.Json.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.OtherItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Items and content parts, both directions. Accepts GA and beta shapes. */
public final class ItemCodec {

    private ItemCodec() {
    }

    static Item item(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        Json.requireObject(n, "item");
        String type = text(n, "type");
        String id = text(n, "id");
        String status = text(n, "status");
        if (type == null) {
            return new OtherItem(id, null, status, Json.write(n));
        }
        return switch (type) {
            case "message" -> new MessageItem(id, orEmpty(text(n, "role")), status, parts(n.get("content")));
            case "function_call" -> new FunctionCallItem(id, status, text(n, "call_id"), text(n, "name"), text(n, "arguments"));
            case "function_call_output" -> new FunctionCallOutputItem(id, status, text(n, "call_id"), text(n, "output"));
            default -> new OtherItem(id, type, status, Json.write(n));
        };
    }

    static List<Item> items(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<Item> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            out.add(item(n));
        }
        return out;
    }

    static ContentPart part(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return new ContentPart(text(n, "type"), text(n, "text"), text(n, "transcript"), text(n, "audio"), text(n, "image_url"));
    }

    private static List<ContentPart> parts(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<ContentPart> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            out.add(part(n));
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Writes {@code item} as a GA item object. */
    public static void write(JsonGenerator g, Item item) throws IOException {
        switch (item) {
            case MessageItem m -> {
                g.writeStartObject();
                writeIfPresent(g, "id", m.id());
                g.writeStringField("type", "message");
                g.writeStringField("role", m.role());
                g.writeArrayFieldStart("content");
                for (ContentPart p : m.content()) {
                    g.writeStartObject();
                    g.writeStringField("type", p.type());
                    writeIfPresent(g, "text", p.text());
                    writeIfPresent(g, "transcript", p.transcript());
                    writeIfPresent(g, "audio", p.audio());
                    writeIfPresent(g, "image_url", p.imageUrl());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            case FunctionCallItem f -> {
                g.writeStartObject();
                writeIfPresent(g, "id", f.id());
                g.writeStringField("type", "function_call");
                writeIfPresent(g, "call_id", f.callId());
                writeIfPresent(g, "name", f.name());
                writeIfPresent(g, "arguments", f.arguments());
                g.writeEndObject();
            }
            case FunctionCallOutputItem o -> {
                g.writeStartObject();
                writeIfPresent(g, "id", o.id());
                g.writeStringField("type", "function_call_output");
                g.writeStringField("call_id", o.callId());
                g.writeStringField("output", o.output());
                g.writeEndObject();
            }
            case OtherItem o -> g.writeRawValue(o.json());
        }
    }

    static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
