package dev.tau4j.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A seeded mutator of server frames for fuzz tests: the seeds are the server frames of the real
 * captures in {@code testdata/captures} (frames with a {@code type}: the OpenAI ones) (plus their GA-renamed twins, so that the codec's fast
 * paths see real payloads), and each mutant is a seed changed one to four times, either as text
 * (characters flipped, cut, doubled, spliced, truncated; JSON punctuation, escapes, surrogates and
 * control characters inserted) or as a tree (a field removed, or its value replaced by one of
 * another type: null, a huge or fractional number, a string, an object, an array, a boolean).
 * The same seed gives the same mutants, so a failure names the seed that reproduces it.
 */
public final class FrameMutator {

    /** Where the captures are; {@code -Dtau4j.captures=...} overrides. */
    public static Path capturesDir() {
        return Path.of(System.getProperty("tau4j.captures", "../testdata/captures"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> GA_NAMES = Map.of(
            "response.audio.delta", "response.output_audio.delta",
            "response.audio_transcript.delta", "response.output_audio_transcript.delta",
            "response.text.delta", "response.output_text.delta",
            "response.audio.done", "response.output_audio.done");
    private static final String[] SNIPPETS = {
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\u0000", "null", "true", "-0", "1e999", "-1e999",
        "99999999999999999999999", "9223372036854775808", "-2147483649", "0.5", "NaN", "\u0000", "\n", "\r", "\t",
        "\ud800", "\udfff", "é", "ключ", "\u2028", "{}", "[]", "\"\"", "{\"type\":\"x\"}", "}{", "\"delta\":\"",
        "\"delta\":{}", "\"response_id\":null", "\"type\":1", ",\"type\":\"tau.state\"", "=", "/", "+", "AAAA"
    };

    private final List<String> seeds;
    private final SplittableRandom random;

    /** A mutator over {@code seeds}, deterministic for {@code seed}. */
    public FrameMutator(List<String> seeds, long seed) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed frames");
        }
        this.seeds = List.copyOf(seeds);
        this.random = new SplittableRandom(seed);
    }

    /** Every server frame of every capture, compact, plus GA twins of beta deltas. */
    public static List<String> captureFrames() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(capturesDir())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String raw : Files.readAllLines(file)) {
                    if (raw.isBlank()) {
                        continue;
                    }
                    JsonNode line = JSON.readTree(raw);
                    JsonNode event = line.get("event");
                    if (!"server".equals(line.path("dir").asText()) || !(event instanceof ObjectNode o)
                            || !o.path("type").isTextual()) {
                        continue;
                    }
                    out.add(JSON.writeValueAsString(o));
                    String ga = GA_NAMES.get(o.path("type").asText());
                    if (ga != null) {
                        ObjectNode twin = o.deepCopy();
                        ObjectNode renamed = JSON.createObjectNode().put("type", ga);
                        twin.remove("type");
                        renamed.setAll(twin);
                        out.add(JSON.writeValueAsString(renamed));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the captures in " + capturesDir(), e);
        }
        return out;
    }

    /** The seed frame at {@code index}, unchanged. */
    public String seed(int index) {
        return seeds.get(index);
    }

    public int seedCount() {
        return seeds.size();
    }

    /** A new mutant of a random seed. */
    public String next() {
        return mutate(seeds.get(random.nextInt(seeds.size())));
    }

    /** {@code frame} changed one to four times. */
    public String mutate(String frame) {
        String out = frame;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = random.nextInt(3) == 0 ? mutateText(out) : mutateTree(out);
        }
        return out;
    }

    /** {@code frame} with one value (or field) of its JSON tree changed; a text mutation when it is not JSON. */
    public String mutateTree(String frame) {
        JsonNode root;
        try {
            root = JSON.readTree(frame);
        } catch (IOException e) {
            return mutateText(frame);
        }
        if (!(root instanceof ObjectNode)) {
            return mutateText(frame);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                o.remove(name);
            } else {
                o.set(name, randomValue());
            }
        } else if (target instanceof ArrayNode a && a.size() > 0) {
            int index = random.nextInt(a.size());
            if (random.nextInt(4) == 0) {
                a.remove(index);
            } else {
                a.set(index, randomValue());
            }
        } else if (target instanceof ObjectNode o) {
            o.set("type", randomValue());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code frame} with one text-level change. */
    public String mutateText(String frame) {
        int length = frame.length();
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        return switch (random.nextInt(8)) {
            case 0 -> length == 0 ? "}" : frame.substring(0, at) + (char) random.nextInt(0x80) + frame.substring(Math.min(length, at + 1));
            case 1 -> {
                int end = Math.min(length, at + 1 + random.nextInt(16));
                yield frame.substring(0, at) + frame.substring(end);
            }
            case 2 -> {
                int end = Math.min(length, at + 1 + random.nextInt(32));
                yield frame.substring(0, end) + frame.substring(at, end) + frame.substring(end);
            }
            case 3 -> frame.substring(0, at);
            case 4 -> {
                String other = seeds.get(random.nextInt(seeds.size()));
                yield frame.substring(0, at) + other.substring(random.nextInt(other.length() + 1));
            }
            case 5 -> frame + (random.nextBoolean() ? SNIPPETS[random.nextInt(SNIPPETS.length)] : seeds.get(random.nextInt(seeds.size())));
            case 6 -> {
                int quote = frame.indexOf('"', at);
                int where = quote < 0 ? at : quote + 1;
                yield frame.substring(0, where) + SNIPPETS[random.nextInt(SNIPPETS.length)] + frame.substring(where);
            }
            default -> frame.substring(0, at) + SNIPPETS[random.nextInt(SNIPPETS.length)] + frame.substring(at);
        };
    }

    private JsonNode randomValue() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(12)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(Long.MAX_VALUE);
            case 2 -> f.numberNode(new BigInteger("123456789012345678901234567890"));
            case 3 -> f.numberNode(-1);
            case 4 -> f.numberNode(0.5);
            case 5 -> f.numberNode(1e300);
            case 6 -> f.textNode("");
            case 7 -> f.textNode(SNIPPETS[random.nextInt(SNIPPETS.length)]);
            case 8 -> f.objectNode();
            case 9 -> f.arrayNode().add(1).add("x");
            case 10 -> f.booleanNode(random.nextBoolean());
            default -> f.numberNode(random.nextInt());
        };
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }
}
