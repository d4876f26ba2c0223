package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of a server event for conformance checks: its field names and its discriminator values.
 *
 * <p>Field names are collected recursively as paths ({@code response.output[].content[].type}); the
 * elements of an array contribute the union of their names. Values are ignored (ids, audio, timing,
 * obfuscation, free text) except discriminators: {@code type}, {@code role}, {@code status} and
 * {@code object} at any depth, and {@code error.code}/{@code error.param}, whose values must agree.
 */
final class EventShape {
    private static final Set<String> DISCRIMINATORS = Set.of("type", "role", "status", "object");

    private EventShape() {}

    static SortedSet<String> fieldPaths(JsonNode event) {
        SortedSet<String> out = new TreeSet<>();
        walk(event, "", out, new TreeMap<>());
        return out;
    }

    static SortedMap<String, SortedSet<String>> discriminators(JsonNode event) {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        walk(event, "", new TreeSet<>(), out);
        out.remove("type");
        return out;
    }

    private static void walk(JsonNode node, String prefix, SortedSet<String> paths, SortedMap<String, SortedSet<String>> values) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String path = prefix + f.getKey();
            JsonNode v = f.getValue();
            paths.add(path);
            if (DISCRIMINATORS.contains(f.getKey()) && v.isValueNode()
                    || path.equals("error.code") || path.equals("error.param")) {
                values.computeIfAbsent(path, k -> new TreeSet<>()).add(v.isNull() ? "null" : v.asText());
            }
            if (v.isObject()) {
                walk(v, path + ".", paths, values);
            } else if (v.isArray()) {
                for (JsonNode el : v) {
                    if (el.isObject()) {
                        walk(el, path + "[].", paths, values);
                    }
                }
            }
        }
    }

    /**
     * How {@code actual} (from the simulator) differs from the captured {@code expected}, or null
     * when it conforms. For a {@linkplain CaptureLine#partial() partial} capture line the captured
     * names need only be present; otherwise both name sets must be equal.
     */
    static String diff(CaptureLine expected, JsonNode actual) {
        StringBuilder sb = new StringBuilder();
        SortedSet<String> want = fieldPaths(expected.event());
        SortedSet<String> got = fieldPaths(actual);
        SortedSet<String> missing = new TreeSet<>(want);
        missing.removeAll(got);
        if (!missing.isEmpty()) {
            sb.append(" fields only in the capture: ").append(missing).append(';');
        }
        if (!expected.partial()) {
            SortedSet<String> extra = new TreeSet<>(got);
            extra.removeAll(want);
            if (!extra.isEmpty()) {
                sb.append(" fields only in the simulator: ").append(extra).append(';');
            }
        }
        SortedMap<String, SortedSet<String>> gotValues = discriminators(actual);
        discriminators(expected.event()).forEach((path, values) -> {
            SortedSet<String> g = gotValues.get(path);
            if (g != null && !g.equals(values)) {
                sb.append(' ').append(path).append(" is ").append(g).append(" in the simulator, ").append(values)
                        .append(" in the capture;");
            }
        });
        return sb.isEmpty() ? null : sb.toString();
    }
}
