package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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
import dev.tau4j.internal.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;

/**
 * Turns server frames into {@link ServerEvent}s and {@link ClientEvent}s into frames.
 *
 * <p>Frames are read from their UTF-8 bytes. The hot events (audio, transcript and text deltas) in
 * their plain shape are read without a parser ({@link FlatDeltas}); the rest goes through Jackson's
 * byte parser: deltas streamed into their records, other events through a JSON tree. Decoding is
 * strict about what the protocol forbids and lenient about what it may add: a frame that is not one
 * JSON object with a string {@code type}, a repeated key, content after the object, a container or
 * string where a number belongs, or a delta event without a string {@code delta} raises
 * {@link ProtocolException}; unknown fields are ignored and unknown types become {@link UnknownEvent}.
 * Base64 goes through the JDK's decoder (it accepts payloads with or without padding). Thread-safe.
 */
public final class EventCodec {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    /** Reads trees strictly: a repeated key or anything after the value is an error. */
    private static final ObjectReader STRICT_TREE = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventCodec() {
    }

    /**
     * Decodes one text frame.
     *
     * @throws ProtocolException if the frame is malformed (see the class comment)
     */
    public static ServerEvent decode(String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        return decode(utf8, 0, utf8.length);
    }

    /**
     * Decodes one text frame of {@code length} UTF-8 bytes of {@code buf} from {@code offset}. The
     * event keeps no reference to {@code buf}.
     *
     * @throws ProtocolException if the frame is malformed (see the class comment)
     */
    public static ServerEvent decode(byte[] buf, int offset, int length) {
        ServerEvent fast = FlatDeltas.decode(buf, offset, length);
        return fast != null ? fast : decodeGeneral(buf, offset, length);
    }

    /** The frame as text, for error messages. */
    static String text(byte[] buf, int offset, int length) {
        return new String(buf, offset, Math.min(length, 1024), StandardCharsets.UTF_8);
    }

    private static ServerEvent decodeGeneral(byte[] buf, int offset, int length) {
        try (JsonParser p = FACTORY.createParser(buf, offset, length)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("Server frame is not a JSON object", text(buf, offset, length), null);
            }
            if (p.nextToken() == JsonToken.FIELD_NAME && "type".equals(p.currentName())
                    && p.nextToken() == JsonToken.VALUE_STRING) {
                ServerEvent fast = decodeFlatDelta(p.getText(), p);
                if (fast != null) {
                    if (p.nextToken() != null) {
                        throw new ProtocolException("Server frame has content after the event object",
                                text(buf, offset, length), null);
                    }
                    return fast;
                }
            }
        } catch (IOException e) {
            throw new ProtocolException("Server frame is not valid JSON (" + firstLine(e) + ")", text(buf, offset, length), e);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("Server event has an unreadable field (" + e.getMessage() + ")",
                    text(buf, offset, length), e);
        }
        return decodeTree(buf, offset, length);
    }

    private static ServerEvent decodeTree(byte[] buf, int offset, int length) {
        JsonNode n;
        try {
            n = STRICT_TREE.readTree(buf, offset, length);
        } catch (IOException e) {
            throw new ProtocolException("Server frame is not valid JSON (" + firstLine(e) + ")", text(buf, offset, length), e);
        }
        if (n == null || !n.isObject()) {
            throw new ProtocolException("Server frame is not a JSON object", text(buf, offset, length), null);
        }
        JsonNode type = n.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException("Server frame has no 'type'", text(buf, offset, length), null);
        }
        try {
            String eventId = Json.text(n, "event_id");
            ServerEvent event = ServerEventTypes.decode(type.asText(), eventId, n);
            return event != null ? event : new UnknownEvent(type.asText(), eventId,
                    new String(buf, offset, length, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ProtocolException("Server event '" + type.asText() + "' has an unreadable field ("
                    + e.getMessage() + ")", text(buf, offset, length), e);
        }
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int eol = m.indexOf('\n');
        return eol < 0 ? m : m.substring(0, eol);
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
            if (v == JsonToken.VALUE_NULL && !"delta".equals(field)) {
                continue;
            }
            switch (field) {
                case "event_id" -> eventId = string(p, field);
                case "response_id" -> responseId = string(p, field);
                case "item_id" -> itemId = string(p, field);
                case "output_index" -> outputIndex = integer(p, field);
                case "content_index" -> contentIndex = integer(p, field);
                case "delta" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("'delta' must be a string, got " + v.asString());
                    }
                    if (kind == 1) {
                        try {
                            audio = Json.decodeBase64(p.getText());
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("'delta' is not valid base64: " + e.getMessage(), e);
                        }
                    } else {
                        text = p.getText();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected token " + t);
        }
        if (audio == null && text == null) {
            throw new IllegalArgumentException("'" + type + "' has no 'delta'");
        }
        return switch (kind) {
            case 1 -> new ResponseOutputAudioDelta(eventId, responseId, itemId, outputIndex, contentIndex, audio);
            case 2 -> new ResponseOutputAudioTranscriptDelta(eventId, responseId, itemId, outputIndex, contentIndex, text);
            default -> new ResponseOutputTextDelta(eventId, responseId, itemId, outputIndex, contentIndex, text);
        };
    }

    private static String string(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return p.getText();
    }

    private static int integer(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return p.getIntValue();
    }

    /**
     * {@code input_audio_buffer.append}, the hot client event, as UTF-8 bytes the transport writes
     * straight into its frame (no JSON tree, no String): the same bytes as {@link #encode}.
     */
    public static Transport.Payload encodeAppend(InputAudioBufferAppend event) {
        AppendPayload payload = AppendPayload.of(event);
        if (payload != null) {
            return payload;
        }
        byte[] utf8 = encode(event).getBytes(StandardCharsets.UTF_8);
        return new Transport.Payload() {
            @Override
            public int length() {
                return utf8.length;
            }

            @Override
            public void writeTo(byte[] dst, int offset) {
                System.arraycopy(utf8, 0, dst, offset, utf8.length);
            }
        };
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
