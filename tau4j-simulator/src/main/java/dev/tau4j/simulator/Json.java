package dev.tau4j.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Shared Jackson mapper and small helpers. */
final class Json {
    static final ObjectMapper M = new ObjectMapper();

    private Json() {}

    static ObjectNode obj() {
        return M.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return M.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JSON string whose UTF-8 form is made once and copied on every write: for text sent over
     * and over, like the cached output audio's base64 chunks (re-encoding a 6 KB chunk per delta
     * and session cost a tenth of the simulator's CPU under load). Reads back as the text through
     * {@link JsonNode#asText()} (not {@code textValue()}: the node is a POJO node).
     */
    static JsonNode encoded(String text) {
        return new POJONode(new Encoded(text));
    }

    private static final class Encoded extends JsonSerializable.Base {
        private final String text;
        private final SerializedString json;

        Encoded(String text) {
            this.text = text;
            this.json = new SerializedString(text);
            json.asQuotedUTF8();
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeString(json);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
            serialize(g, provider);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static JsonNode parse(String text) throws JsonProcessingException {
        return M.readTree(text);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
