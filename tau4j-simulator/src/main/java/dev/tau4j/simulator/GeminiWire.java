package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gemini Live's proto-JSON conventions (protocol.md §6.1): field names in camelCase or
 * snake_case, durations as {@code "50s"} strings, errors as close frames whose reason the
 * service cuts at 123 bytes.
 */
final class GeminiWire {
    /** Close codes of the live service: invalid argument, policy, internal. */
    static final int INVALID = 1007;
    static final int POLICY = 1008;
    static final int INTERNAL = 1011;
    static final String INVALID_ARGUMENT = "Request contains an invalid argument.";
    static final String DEADLINE = "Deadline expired before operation could complete.";
    static final String OUTPUT_MIME = "audio/pcm;rate=24000";

    private GeminiWire() {}

    /** The connection is ended with a close frame; the live service has no JSON error message. */
    static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    static Refusal invalid(String reason) {
        return new Refusal(INVALID, reason);
    }

    /** The field named {@code camel} in camelCase or in snake_case; a missing node when neither. */
    static JsonNode field(JsonNode node, String camel) {
        if (node == null || !node.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode v = node.get(camel);
        if (v == null) {
            v = node.get(snake(camel));
        }
        return v == null || v.isNull() ? MissingNode.getInstance() : v;
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String camel(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean up = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /**
     * The names of {@code node}'s fields in camelCase; a name not in {@code known} is refused as
     * the live service does: {@code Invalid JSON payload received. Unknown name "x" at 'setup': Cannot find field.}
     */
    static void checkFields(JsonNode node, String at, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(camel(name))) {
                throw invalid("Invalid JSON payload received. Unknown name \"" + name + "\""
                        + (at.isEmpty() ? "" : " at '" + at + "'") + ": Cannot find field.");
            }
        }
    }

    /** {@code reason} cut to the 123 bytes a close frame carries, on a character boundary. */
    static String closeReason(String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 123) {
            return reason;
        }
        int end = reason.length();
        while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > 123) {
            end--;
        }
        return reason.substring(0, end);
    }

    /** A proto-JSON duration: {@code "50s"}, {@code "1.500s"}. */
    static String duration(long nanos) {
        long ms = Math.max(0, nanos / 1_000_000);
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%d.%03ds", ms / 1000, ms % 1000);
    }

    /**
     * A Gemini function declaration's OpenAPI-subset schema with the GA tools' JSON Schema type
     * names ({@code OBJECT} → {@code object}), so the responder can fill arguments from it.
     */
    static JsonNode lowerTypes(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode out = Json.obj();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean typeName = e.getKey().equals("type") && e.getValue().isTextual();
                out.set(e.getKey(), typeName ? Json.M.getNodeFactory().textNode(e.getValue().asText().toLowerCase(Locale.ROOT))
                        : lowerTypes(e.getValue()));
            }
            return out;
        }
        if (schema.isArray()) {
            ArrayNode out = Json.M.createArrayNode();
            schema.forEach(v -> out.add(lowerTypes(v)));
            return out;
        }
        return schema;
    }

    /** PCM16 mono at {@code fromRate} resampled (linear) to {@code toRate}. */
    static byte[] resample(byte[] pcm, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return pcm;
        }
        int n = pcm.length / 2;
        int m = (int) ((long) n * toRate / fromRate);
        byte[] out = new byte[m * 2];
        for (int i = 0; i < m; i++) {
            double pos = (double) i * fromRate / toRate;
            int a = (int) pos;
            int b = Math.min(n - 1, a + 1);
            double f = pos - a;
            double s = sample(pcm, a) * (1 - f) + sample(pcm, b) * f;
            int v = (int) Math.round(s);
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
}
