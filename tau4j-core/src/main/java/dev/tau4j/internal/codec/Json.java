package dev.tau4j.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
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

    /**
     * Jackson's parse buffers, shared by every session's reader. The default pool keeps them per
     * thread, and each connection's reader is a thread of its own: 8 KiB per idle session.
     */
    public static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.sharedBoundedPool();

    /** The one mapper of the library: lenient, no auto-detection surprises. Thread-safe. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .recyclerPool(BUFFERS)
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

    /**
     * The voice of a session or response object: {@code audio.output.voice}, else a top-level
     * {@code voice} (beta and xAI shapes). A custom voice is an object {@code {"id": "voice_…"}}
     * (GA): its id. Null when there is none.
     */
    static String voice(JsonNode n) {
        JsonNode output = n.path("audio").path("output");
        JsonNode holder = output.hasNonNull("voice") ? output : n;
        JsonNode v = holder.get("voice");
        if (v != null && v.isObject()) {
            String id = text(v, "id");
            if (id == null) {
                throw new IllegalArgumentException("'voice' must be a string or an object with an 'id', got " + v);
            }
            return id;
        }
        return text(holder, "voice");
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
        return n == null || n.isMissingNode() ? null : write(n);
    }

    /**
     * {@code n} as compact JSON, like {@code n.toString()} but through {@link #MAPPER}'s shared
     * buffers: {@code toString()} uses Jackson's own mapper, which keeps 8 KiB of buffers per thread,
     * and each session's reader is a thread of its own.
     */
    public static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
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
