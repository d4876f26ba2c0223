package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/** Lenient JSON helpers shared by the codec: missing or null fields read as null / zero. */
public final class Json {

    /** The one mapper of the library: lenient, no auto-detection surprises. Thread-safe. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static int intValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? 0 : v.asInt();
    }

    static long longValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? 0 : v.asLong();
    }

    static double doubleValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? 0 : v.asDouble();
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
