package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON helpers shared by the codec: missing or null fields read as null / zero; a field of the
 * wrong type is an {@link IllegalArgumentException}, which the decoder reports as a protocol error.
 */
public final class Json {

    /** The one mapper of the library: lenient, no auto-detection surprises. Thread-safe. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** A string field; null when missing or null; {@link IllegalArgumentException} for any other type. */
    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    static int intValue(JsonNode n, String field) {
        JsonNode v = number(n, field);
        if (v != null && !v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' is out of range: " + v);
        }
        return v == null ? 0 : v.asInt();
    }

    static long longValue(JsonNode n, String field) {
        JsonNode v = number(n, field);
        if (v != null && !v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is out of range: " + v);
        }
        return v == null ? 0 : v.asLong();
    }

    static double doubleValue(JsonNode n, String field) {
        JsonNode v = number(n, field);
        return v == null ? 0 : v.asDouble();
    }

    /** Throws {@link IllegalArgumentException} unless {@code n} is a JSON object. */
    static void requireObject(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("'" + field + "' must be an object, got " + n.getNodeType());
        }
    }

    /** A number field; null when missing or null; {@link IllegalArgumentException} for any other type. */
    private static JsonNode number(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got " + v.getNodeType());
        }
        return v;
    }

    static boolean boolValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.asBoolean();
    }

    static byte[] base64(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a base64 string, got " + v.getNodeType());
        }
        try {
            return decodeBase64(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "' is not valid base64: " + e.getMessage(), e);
        }
    }

    /** Standard base64, with or without trailing padding (servers send both). */
    static byte[] decodeBase64(String text) {
        return java.util.Base64.getDecoder().decode(text);
    }

    static String rawJson(JsonNode n) {
        return n == null || n.isMissingNode() ? null : n.toString();
    }

    static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(array.size());
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
