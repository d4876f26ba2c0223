package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The default conversation of one session: its items and the {@code conversation.item.*} client
 * events (create, retrieve, delete, truncate). Confined to the connection thread, except {@link
 * #snapshot()}, a volatile copy published between events.
 */
final class Conversation {
    private final Connection conn;
    private final List<Item> items = new ArrayList<>();
    private boolean dirty;
    private volatile List<SimItem> snapshot = List.of();

    Conversation(Connection conn) {
        this.conn = conn;
    }

    /** The items in order; the live list, for the connection thread only. */
    List<Item> items() {
        return items;
    }

    List<SimItem> snapshot() {
        return snapshot;
    }

    String lastId() {
        return items.isEmpty() ? null : items.get(items.size() - 1).id;
    }

    /** Appends {@code item} at the end; returns the id of the item before it, or null. */
    String append(Item item) {
        String previous = lastId();
        items.add(item);
        changed();
        return previous;
    }

    void changed() {
        dirty = true;
    }

    /** Publishes the snapshot when something changed since the last one. */
    void publishIfChanged() {
        if (!dirty) {
            return;
        }
        dirty = false;
        List<SimItem> snap = new ArrayList<>(items.size());
        for (Item i : items) {
            snap.add(i.snapshot());
        }
        snapshot = List.copyOf(snap);
    }

    /** True when an assistant message with audio is in the conversation: the voice is then fixed. */
    boolean hasAssistantAudio() {
        for (Item i : items) {
            if (i.hasAssistantAudio()) {
                return true;
            }
        }
        return false;
    }

    boolean hasCall(String callId) {
        for (Item i : items) {
            if ("function_call".equals(i.type) && callId.equals(i.callId)) {
                return true;
            }
        }
        return false;
    }

    Item byId(String id) {
        for (Item i : items) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        return null;
    }

    /** The item, or the live service's error for an unknown id (code per operation, see the README's deviations). */
    private Item find(String id, String code) {
        Item i = byId(id);
        if (i == null) {
            throw new SimError(code, "Item with item_id not found: " + id, "item_id");
        }
        return i;
    }

    void retrieve(JsonNode ev) {
        Item item = find(SimError.required(ev, "item_id"), "item_not_found");
        conn.send(conn.event("conversation.item.retrieved").set("item", item.json(true)));
    }

    void delete(JsonNode ev) {
        Item item = find(SimError.required(ev, "item_id"), "item_not_found");
        items.remove(item);
        changed();
        conn.send(conn.event("conversation.item.deleted").put("item_id", item.id));
    }

    void create(JsonNode ev) {
        JsonNode spec = ev.get("item");
        if (spec == null || !spec.isObject()) {
            throw SimError.missing("item");
        }
        Item item = build(spec, "item");
        if (spec.hasNonNull("id")) {
            String id = spec.get("id").asText();
            if (id.length() > 32) {
                throw new SimError("string_above_max_length", "Invalid 'item.id': string too long. Expected a string with maximum length 32, but got a string with length "
                        + id.length() + " instead.", "item.id");
            }
            if (byId(id) != null) {
                throw new SimError("invalid_value", "Item with id '" + id + "' already exists.", "item.id");
            }
            item.id = id;
        } else {
            item.id = conn.ids.next("item");
        }
        int index = items.size();
        if (ev.hasNonNull("previous_item_id")) {
            String prev = ev.get("previous_item_id").asText();
            if (prev.equals("root")) {
                index = 0;
            } else {
                Item before = byId(prev);
                if (before == null) {
                    throw new SimError("item_not_found", "Item with item_id not found: " + prev, "previous_item_id");
                }
                index = items.indexOf(before) + 1;
            }
        }
        String previous = index == 0 ? null : items.get(index - 1).id;
        items.add(index, item);
        changed();
        conn.send(itemEvent("conversation.item.added", previous, item));
        conn.send(itemEvent("conversation.item.done", previous, item));
    }

    ObjectNode itemEvent(String type, String previous, Item item) {
        ObjectNode e = conn.event(type);
        e.put("previous_item_id", previous);
        e.set("item", item.json(false));
        return e;
    }

    /** Builds (and validates) an item from a client item object, without an id. */
    Item build(JsonNode spec, String p) {
        Item item = new Item();
        String type = spec.path("type").asText("message");
        item.type = type;
        item.bytesPerMs = conn.input().bytesPerMs();
        switch (type) {
            case "message" -> buildMessage(item, spec, p);
            case "function_call" -> {
                item.name = spec.path("name").asText(null);
                if (item.name == null) {
                    throw SimError.missing(p + ".name");
                }
                item.callId = spec.hasNonNull("call_id") ? spec.get("call_id").asText() : conn.ids.call();
                item.arguments = spec.path("arguments").asText("{}");
            }
            case "function_call_output" -> {
                String callId = spec.path("call_id").asText(null);
                if (callId == null) {
                    throw SimError.missing(p + ".call_id");
                }
                if (!hasCall(callId)) {
                    throw new SimError("invalid_value", "No tool call found for function call output with call_id '" + callId + "'.", p + ".call_id");
                }
                item.callId = callId;
                item.output = spec.path("output").asText("");
            }
            default -> throw SimError.invalidValue(p + ".type", type, "message", "function_call", "function_call_output",
                    "mcp_approval_response");
        }
        item.status = spec.path("status").asText("completed");
        return item;
    }

    private static void buildMessage(Item item, JsonNode spec, String p) {
        String role = spec.path("role").asText(null);
        if (role == null) {
            throw SimError.missing(p + ".role");
        }
        Set<String> allowed = switch (role) {
            case "user" -> Set.of("input_text", "input_audio", "input_image");
            case "system" -> Set.of("input_text");
            case "assistant" -> Set.of("output_text", "text", "output_audio");
            default -> throw SimError.invalidValue(p + ".role", role, "user", "assistant", "system");
        };
        item.role = role;
        JsonNode content = spec.path("content");
        if (!content.isArray()) {
            throw SimError.missing(p + ".content");
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode c = content.get(i);
            String ct = c.path("type").asText();
            if (!allowed.contains(ct)) {
                throw SimError.invalidValue(p + ".content[" + i + "].type", ct, allowed.stream().sorted().toArray(String[]::new));
            }
            ObjectNode part = c.deepCopy();
            if (part.has("audio")) {
                try {
                    item.audio(Base64.getDecoder().decode(part.get("audio").asText()));
                } catch (IllegalArgumentException e) {
                    throw new SimError("invalid_value", "Invalid '" + p + ".content[" + i + "].audio'. Expected base64-encoded audio bytes.",
                            p + ".content[" + i + "].audio");
                }
                part.remove("audio");
                if (!part.has("transcript")) {
                    part.putNull("transcript");
                }
            }
            if (ct.equals("text")) {
                part.put("type", "output_text");
            }
            item.content.add(part);
        }
    }

    /**
     * Cuts an assistant item's audio at {@code audio_end_ms} and deletes its server-side
     * transcript, so the model's context holds nothing the user did not hear. Works while the
     * item still streams (its audio part exists from {@code response.content_part.added} on):
     * the audio sent so far counts, and later deltas no longer extend the item.
     */
    void truncate(JsonNode ev) {
        String id = SimError.required(ev, "item_id");
        SimError.required(ev, "content_index");
        SimError.required(ev, "audio_end_ms");
        Item item = find(id, "invalid_value");
        int ci = ev.get("content_index").asInt();
        long end = ev.get("audio_end_ms").asLong();
        boolean audioPart = "assistant".equals(item.role) && ci >= 0 && ci < item.content.size()
                && item.content.get(ci).path("type").asText().equals("output_audio");
        if (!audioPart) {
            throw new SimError("invalid_value", "Only model output audio messages can be truncated", "item_id");
        }
        if (end < 0) {
            throw new SimError("integer_below_min_value", "Invalid 'audio_end_ms': integer below minimum value. Expected a value >= 0, but got "
                    + end + " instead.", "audio_end_ms");
        }
        long total = item.audioMs();
        if (end > total) {
            throw new SimError("invalid_value", "Audio content of " + total + "ms is already shorter than " + end + "ms", "audio_end_ms");
        }
        ((ObjectNode) item.content.get(ci)).put("transcript", "");
        item.truncated = true;
        item.audioLength = (int) Math.min(item.audioLength, end * item.bytesPerMs);
        changed();
        ObjectNode e = conn.event("conversation.item.truncated");
        e.put("item_id", id).put("content_index", ci).put("audio_end_ms", end);
        conn.send(e);
    }
}
