package dev.tau4j.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@link DefaultResponder}'s word matching between the user's text and a tool, and its argument picks. */
final class ToolMatch {
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}]*");
    private static final Pattern CAMEL = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    /** Words too common to say what a tool is for. */
    private static final Set<String> FILLERS = Set.of("what", "when", "where", "which", "with", "your", "this", "that", "have",
            "from", "about", "please", "would", "could", "should", "there", "their", "them", "they", "some", "into", "will", "just",
            "like", "need", "tell", "know", "does", "want", "make", "more", "than", "then", "also", "only", "very", "much", "many",
            "here", "today", "been", "were", "name", "example", "value", "current", "given", "other", "each", "every");

    private ToolMatch() {}

    /** The matchable words of {@code text}: 4+ letters, lower case, a plural "s" dropped, fillers removed. */
    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) {
            return out;
        }
        Matcher m = WORD.matcher(CAMEL.matcher(text).replaceAll(" ").replace('_', ' ').replace('-', ' '));
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (w.length() > 4 && w.endsWith("s") && !w.endsWith("ss")) {
                w = w.substring(0, w.length() - 1);
            }
            if (w.length() >= 4 && !FILLERS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** How many of the user's words the tool's name, description and parameter descriptions contain. */
    static int score(Set<String> said, Tool tool) {
        Set<String> about = words(tool.name());
        about.addAll(words(tool.description()));
        try {
            collectDescriptions(Json.parse(tool.parametersJson()), about, 0);
        } catch (JsonProcessingException e) {
            // an unparsable schema has no descriptions to match
        }
        int n = 0;
        for (String w : said) {
            if (about.contains(w)) {
                n++;
            }
        }
        return n;
    }

    private static void collectDescriptions(JsonNode schema, Set<String> into, int depth) {
        if (depth > 4 || !schema.isObject()) {
            return;
        }
        into.addAll(words(schema.path("description").asText("")));
        schema.path("properties").forEach(p -> collectDescriptions(p, into, depth + 1));
        collectDescriptions(schema.path("items"), into, depth + 1);
    }

    /** The enum value the user text mentions (ignoring case), else the first. */
    static JsonNode enumValue(JsonNode values, String userText) {
        if (userText != null) {
            String u = userText.toLowerCase(Locale.ROOT);
            for (JsonNode v : values) {
                if (v.isTextual() && Pattern.compile("\\b" + Pattern.quote(v.asText().toLowerCase(Locale.ROOT)) + "\\b").matcher(u).find()) {
                    return v;
                }
            }
        }
        return values.get(0);
    }

    /** The first number of the user text within the schema's bounds, else 1 clamped to {@code minimum}..{@code maximum}. */
    static JsonNode number(JsonNode schema, boolean integer, String userText) {
        double min = schema.has("minimum") ? schema.get("minimum").asDouble() : Double.NEGATIVE_INFINITY;
        double max = schema.has("maximum") ? schema.get("maximum").asDouble() : Double.POSITIVE_INFINITY;
        double value = Double.NaN;
        if (userText != null) {
            Matcher m = NUMBER.matcher(userText);
            while (m.find() && Double.isNaN(value)) {
                double d = Double.parseDouble(m.group());
                if (d >= min && d <= max && (!integer || d == Math.rint(d))) {
                    value = d;
                }
            }
        }
        if (Double.isNaN(value)) {
            value = Math.min(max, Math.max(1, integer ? Math.ceil(min) : min));
        }
        return integer || value == Math.rint(value)
                ? Json.M.getNodeFactory().numberNode((long) value)
                : Json.M.getNodeFactory().numberNode(value);
    }
}
