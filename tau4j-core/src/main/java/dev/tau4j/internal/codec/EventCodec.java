package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.ProtocolException;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.ConversationItemDelete;
import dev.tau4j.event.ConversationItemRetrieve;
import dev.tau4j.event.ConversationItemTruncate;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.InputAudioBufferClear;
import dev.tau4j.event.InputAudioBufferCommit;
import dev.tau4j.event.OutputAudioBufferClear;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionUpdate;
import dev.tau4j.event.UnknownEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.io.StringWriter;

/**
 * Turns server frames into {@link ServerEvent}s and {@link ClientEvent}s into frames.
 *
 * <p>The hot events (audio, transcript and text deltas) are read with a streaming parser
 * straight into their records, base64 decoded from the parser's buffer; everything else goes
 * through a JSON tree. Base64 goes through the JDK's decoder (intrinsified, and it accepts
 * payloads with or without padding). Unknown types become {@link UnknownEvent}; frames that are not JSON
 * objects with a {@code type} raise {@link ProtocolException}. Thread-safe.
 */
public final class EventCodec {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    /** How every GA audio delta frame starts; other layouts take the general path. */
    private static final String AUDIO_DELTA_PREFIX = "{\"type\":\"" + ResponseOutputAudioDelta.TYPE + "\"";
    private static final String DELTA_KEY = "\"delta\":\"";

    private EventCodec() {
    }

    /**
     * Decodes one text frame.
     *
     * @throws ProtocolException if the frame is not a JSON object with a string {@code type}
     */
    public static ServerEvent decode(String frame) {
        if (frame.startsWith(AUDIO_DELTA_PREFIX)) {
            ServerEvent fast = decodeAudioDelta(frame);
            if (fast != null) {
                return fast;
            }
        }
        return decodeGeneral(frame);
    }

    private static ServerEvent decodeGeneral(String frame) {
        try (JsonParser p = FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("Server frame is not a JSON object", frame, null);
            }
            if (p.nextToken() == JsonToken.FIELD_NAME && "type".equals(p.currentName())
                    && p.nextToken() == JsonToken.VALUE_STRING) {
                ServerEvent fast = decodeFlatDelta(p.getText(), p);
                if (fast != null) {
                    return fast;
                }
            }
        } catch (IOException e) {
            throw new ProtocolException("Server frame is not valid JSON", frame, e);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("Server event has an unreadable field (" + e.getMessage() + ")", frame, e);
        }
        return decodeTree(frame);
    }

    private static ServerEvent decodeTree(String frame) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new ProtocolException("Server frame is not valid JSON", frame, e);
        }
        if (n == null || !n.isObject()) {
            throw new ProtocolException("Server frame is not a JSON object", frame, null);
        }
        JsonNode type = n.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException("Server frame has no 'type'", frame, null);
        }
        String eventId = Json.text(n, "event_id");
        try {
            ServerEvent event = ServerEventTypes.decode(type.asText(), eventId, n);
            return event != null ? event : new UnknownEvent(type.asText(), eventId, frame);
        } catch (RuntimeException e) {
            throw new ProtocolException("Server event '" + type.asText() + "' has an unreadable field", frame, e);
        }
    }

    /**
     * The hottest event: decodes the base64 payload straight from the frame's bytes (one copy,
     * the JDK's intrinsified decoder) and parses only the small rest of the frame. Returns null
     * (general path) when the payload holds an escape or the frame looks unusual.
     */
    private static ServerEvent decodeAudioDelta(String frame) {
        int key = frame.indexOf(DELTA_KEY);
        if (key < 0) {
            return null;
        }
        int start = key + DELTA_KEY.length();
        int end = frame.indexOf('"', start);
        if (end < 0) {
            return null;
        }
        int escape = frame.indexOf('\\', start);
        if (escape >= 0 && escape < end) {
            return null;
        }
        byte[] audio;
        try {
            ByteBuffer decoded = Base64.getDecoder()
                    .decode(ByteBuffer.wrap(frame.getBytes(StandardCharsets.ISO_8859_1), start, end - start));
            audio = decoded.remaining() == decoded.array().length ? decoded.array()
                    : Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("Server event '" + ResponseOutputAudioDelta.TYPE + "' has an unreadable field ("
                    + e.getMessage() + ")", frame, e);
        }
        String rest = frame.substring(0, start) + frame.substring(end);
        if (!(decodeGeneral(rest) instanceof ResponseOutputAudioDelta shell)) {
            return null;
        }
        return new ResponseOutputAudioDelta(shell.eventId(), shell.responseId(), shell.itemId(), shell.outputIndex(),
                shell.contentIndex(), audio);
    }

    /** Reads a flat delta event positioned after its {@code type}; null if {@code type} is not one. */
    private static ServerEvent decodeFlatDelta(String type, JsonParser p) throws IOException {
        int kind = switch (type) {
            case ResponseOutputAudioDelta.TYPE, "response.audio.delta" -> 1;
            case ResponseOutputAudioTranscriptDelta.TYPE, "response.audio_transcript.delta" -> 2;
            case ResponseOutputTextDelta.TYPE, "response.text.delta" -> 3;
            default -> 0;
        };
        if (kind == 0) {
            return null;
        }
        String eventId = null;
        String responseId = null;
        String itemId = null;
        int outputIndex = 0;
        int contentIndex = 0;
        String text = null;
        byte[] audio = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "event_id" -> eventId = string(p, v, field);
                case "response_id" -> responseId = string(p, v, field);
                case "item_id" -> itemId = string(p, v, field);
                case "output_index" -> outputIndex = integer(p, v, field);
                case "content_index" -> contentIndex = integer(p, v, field);
                case "delta" -> {
                    if (kind == 1) {
                        audio = Json.decodeBase64(string(p, v, field));
                    } else {
                        text = string(p, v, field);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected token " + t);
        }
        return switch (kind) {
            case 1 -> new ResponseOutputAudioDelta(eventId, responseId, itemId, outputIndex, contentIndex, audio);
            case 2 -> new ResponseOutputAudioTranscriptDelta(eventId, responseId, itemId, outputIndex, contentIndex, text);
            default -> new ResponseOutputTextDelta(eventId, responseId, itemId, outputIndex, contentIndex, text);
        };
    }

    private static String string(JsonParser p, JsonToken v, String field) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + v);
        }
        return p.getText();
    }

    private static int integer(JsonParser p, JsonToken v, String field) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + field + "' must be an integer, got " + v);
        }
        return p.getIntValue();
    }

    /** Encodes a client event as one JSON text frame (GA shape). */
    public static String encode(ClientEvent event) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("type", event.type());
            ItemCodec.writeIfPresent(g, "event_id", event.eventId());
            switch (event) {
                case SessionUpdate e -> {
                    g.writeFieldName("session");
                    g.writeRawValue(e.sessionJson());
                }
                case InputAudioBufferAppend e -> g.writeBinaryField("audio", e.audio());
                case InputAudioBufferCommit e -> { }
                case InputAudioBufferClear e -> { }
                case OutputAudioBufferClear e -> { }
                case ConversationItemCreate e -> {
                    ItemCodec.writeIfPresent(g, "previous_item_id", e.previousItemId());
                    g.writeFieldName("item");
                    ItemCodec.write(g, e.item());
                }
                case ConversationItemRetrieve e -> g.writeStringField("item_id", e.itemId());
                case ConversationItemTruncate e -> {
                    g.writeStringField("item_id", e.itemId());
                    g.writeNumberField("content_index", e.contentIndex());
                    g.writeNumberField("audio_end_ms", e.audioEndMs());
                }
                case ConversationItemDelete e -> g.writeStringField("item_id", e.itemId());
                case ResponseCreate e -> {
                    if (e.responseJson() != null) {
                        g.writeFieldName("response");
                        g.writeRawValue(e.responseJson());
                    }
                }
                case ResponseCancel e -> ItemCodec.writeIfPresent(g, "response_id", e.responseId());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
        return w.toString();
    }

    /**
     * Decodes a client frame (as found in captures, or recorded by a relay) into its record, or
     * null for a type that is not a GA client event.
     *
     * @throws ProtocolException if the frame is not a JSON object with a {@code type}
     */
    public static ClientEvent decodeClient(String frame) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new ProtocolException("Client frame is not valid JSON", frame, e);
        }
        if (n == null || !n.isObject() || !n.path("type").isTextual()) {
            throw new ProtocolException("Client frame is not a JSON object with a 'type'", frame, null);
        }
        String id = Json.text(n, "event_id");
        try {
            return clientEvent(n, id);
        } catch (RuntimeException e) {
            throw new ProtocolException("Client event '" + n.get("type").asText() + "' is missing or has a bad field: "
                    + e.getMessage(), frame, e);
        }
    }

    private static ClientEvent clientEvent(JsonNode n, String id) {
        return switch (n.get("type").asText()) {
            case SessionUpdate.TYPE -> new SessionUpdate(id, Json.rawJson(n.get("session")));
            case InputAudioBufferAppend.TYPE -> new InputAudioBufferAppend(id, Json.base64(n, "audio"));
            case InputAudioBufferCommit.TYPE -> new InputAudioBufferCommit(id);
            case InputAudioBufferClear.TYPE -> new InputAudioBufferClear(id);
            case OutputAudioBufferClear.TYPE -> new OutputAudioBufferClear(id);
            case ConversationItemCreate.TYPE -> new ConversationItemCreate(id, Json.text(n, "previous_item_id"),
                    ItemCodec.item(n.get("item")));
            case ConversationItemRetrieve.TYPE -> new ConversationItemRetrieve(id, Json.text(n, "item_id"));
            case ConversationItemTruncate.TYPE -> new ConversationItemTruncate(id, Json.text(n, "item_id"),
                    Json.intValue(n, "content_index"), Json.longValue(n, "audio_end_ms"));
            case ConversationItemDelete.TYPE -> new ConversationItemDelete(id, Json.text(n, "item_id"));
            case ResponseCreate.TYPE -> new ResponseCreate(id, Json.rawJson(n.get("response")));
            case ResponseCancel.TYPE -> new ResponseCancel(id, Json.text(n, "response_id"));
            default -> null;
        };
    }
}
