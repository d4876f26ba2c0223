package dev.tau4j.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.Item;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.codec.EventCodec;
import dev.tau4j.internal.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The GA server events a dialect makes up for a provider that has no such event (Gemini Live),
 * written in the GA wire shape and read by the GA codec, so that they are exactly what an OpenAI
 * server would have sent. Not on any hot path: audio deltas are built as records by the caller.
 */
final class GaEvents {

    private GaEvents() {
    }

    static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    static ServerEvent read(ObjectNode event) {
        return EventCodec.decode(event.toString());
    }

    static ServerEvent sessionCreated() {
        ObjectNode e = event("session.created");
        e.putObject("session").put("type", "realtime").put("object", "realtime.session");
        return read(e);
    }

    /** {@code session.updated} carrying the GA session object the client asked for. */
    static ServerEvent sessionUpdated(ObjectNode gaSession) {
        ObjectNode e = event("session.updated");
        ObjectNode session = gaSession.deepCopy();
        session.put("object", "realtime.session");
        e.set("session", session);
        return read(e);
    }

    /** An item as its GA JSON. */
    static ObjectNode itemJson(Item item) {
        try {
            JsonNode create = Json.MAPPER.readTree(EventCodec.encode(new ConversationItemCreate(null, null, item)));
            return (ObjectNode) create.get("item");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code conversation.item.added} then {@code conversation.item.done}: the item is in the conversation. */
    static List<ServerEvent> itemAddedAndDone(ObjectNode item, String previousItemId) {
        return List.of(read(itemEvent("conversation.item.added", item, previousItemId)),
                read(itemEvent("conversation.item.done", item, previousItemId)));
    }

    static ObjectNode itemEvent(String type, ObjectNode item, String previousItemId) {
        ObjectNode e = event(type);
        if (previousItemId != null) {
            e.put("previous_item_id", previousItemId);
        } else {
            e.putNull("previous_item_id");
        }
        e.set("item", item);
        return e;
    }

    static ObjectNode userAudioItem(String itemId, String transcript) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("id", itemId).put("type", "message")
                .put("status", "completed").put("role", "user");
        ObjectNode part = item.putArray("content").addObject().put("type", "input_audio");
        if (transcript != null) {
            part.put("transcript", transcript);
        } else {
            part.putNull("transcript");
        }
        return item;
    }

    static ServerEvent speechStarted(long audioStartMs, String itemId) {
        return read(event("input_audio_buffer.speech_started").put("audio_start_ms", audioStartMs).put("item_id", itemId));
    }

    static ServerEvent speechStopped(long audioEndMs, String itemId) {
        return read(event("input_audio_buffer.speech_stopped").put("audio_end_ms", audioEndMs).put("item_id", itemId));
    }

    static ServerEvent committed(String itemId, String previousItemId) {
        ObjectNode e = event("input_audio_buffer.committed").put("item_id", itemId);
        if (previousItemId != null) {
            e.put("previous_item_id", previousItemId);
        }
        return read(e);
    }

    static ServerEvent cleared() {
        return read(event("input_audio_buffer.cleared"));
    }

    static ServerEvent transcriptionDelta(String itemId, String delta) {
        return read(event("conversation.item.input_audio_transcription.delta").put("item_id", itemId)
                .put("content_index", 0).put("delta", delta));
    }

    static ServerEvent transcriptionCompleted(String itemId, String transcript) {
        return read(event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
                .put("content_index", 0).put("transcript", transcript));
    }

    /** A GA response object: {@code id}, {@code status}, the output items, usage and metadata. */
    static ObjectNode response(String id, String status, String reason, ArrayNode output, ObjectNode usage,
            ObjectNode metadata) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("id", id).put("object", "realtime.response")
                .put("status", status).put("conversation_id", "conv_gemini");
        if (reason != null) {
            r.putObject("status_details").put("type", status).put("reason", reason);
        } else {
            r.putNull("status_details");
        }
        r.set("output", output == null ? Json.MAPPER.createArrayNode() : output);
        if (usage != null) {
            r.set("usage", usage);
        }
        r.set("metadata", metadata == null ? Json.MAPPER.createObjectNode() : metadata);
        return r;
    }

    static ServerEvent responseCreated(ObjectNode response) {
        ObjectNode e = event("response.created");
        e.set("response", response);
        return read(e);
    }

    static ServerEvent responseDone(ObjectNode response) {
        ObjectNode e = event("response.done");
        e.set("response", response);
        return read(e);
    }

    static ServerEvent outputItem(String type, String responseId, int outputIndex, ObjectNode item) {
        ObjectNode e = event(type).put("response_id", responseId).put("output_index", outputIndex);
        e.set("item", item);
        return read(e);
    }

    static ServerEvent contentPart(String type, String responseId, String itemId, int outputIndex, ObjectNode part) {
        ObjectNode e = event(type).put("response_id", responseId).put("item_id", itemId).put("output_index", outputIndex)
                .put("content_index", 0);
        e.set("part", part);
        return read(e);
    }

    /** A response event of {@code type} about the first content part of {@code itemId}. */
    static ObjectNode partEvent(String type, String responseId, String itemId, int outputIndex) {
        return event(type).put("response_id", responseId).put("item_id", itemId).put("output_index", outputIndex)
                .put("content_index", 0);
    }

    static ServerEvent argumentsDone(String responseId, String itemId, int outputIndex, String callId, String name,
            String arguments) {
        return read(event("response.function_call_arguments.done").put("response_id", responseId).put("item_id", itemId)
                .put("output_index", outputIndex).put("call_id", callId).put("name", name).put("arguments", arguments));
    }
}
