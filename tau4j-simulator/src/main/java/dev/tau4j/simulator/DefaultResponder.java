package dev.tau4j.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's deterministic stand-in for the model. Rules, first match wins:
 * <ol>
 *   <li>the context ends with a {@code function_call_output} → {@code "Done: <output>"};
 *   <li>function tools are offered, {@code tool_choice} is not {@code none}, and one of: {@code
 *       tool_choice} names a function (→ that one); {@code tool_choice} is {@code required} (→ the
 *       best matching tool below, else the first); or a word of the last user text matches the
 *       tool (→ the tool with the most matching words, the first declared on a tie). A word
 *       matches when, ignoring case and a plural "s", a word of 4 or more letters of the user
 *       text (not a filler like "what", "need", "please") is a word of the tool's name (split at
 *       {@code _}, {@code -} and camel case), its description, or its parameters' descriptions.
 *       The call's arguments fill every required property (every property when none is
 *       required) from the schema: an {@code enum} takes the value the user text mentions, else
 *       the first; a number or integer the first number in the user text within {@code
 *       minimum}..{@code maximum}, else {@code minimum} or 1; a boolean {@code true}; a string
 *       the text in quotes, else the last capitalised word (not the first word), else the last
 *       word; arrays one element, objects recursively;
 *   <li>instructions say "repeat after the user" (or "repeat what the user says") → the last user
 *       text verbatim;
 *   <li>instructions say "translate … into &lt;Language&gt;" → {@code "[<code>] <last user text>"},
 *       e.g. {@code "[de] Good morning"};
 *   <li>no user message yet → {@code "Hello! How can I help you today?"};
 *   <li>untranscribed user audio → {@code "I heard N.N seconds of audio."};
 *   <li>otherwise → {@code "You said: <last user text>"}.
 * </ol>
 */
public final class DefaultResponder implements Responder {
    private static final Pattern QUOTED = Pattern.compile("[\"\u201c]([^\"\u201d]+)[\"\u201d]");
    private static final Pattern TRANSLATE = Pattern.compile("translate\\b.*?\\b(?:into|to)\\s+([A-Za-z]+)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> LANGUAGES = Map.ofEntries(Map.entry("german", "de"), Map.entry("french", "fr"),
            Map.entry("spanish", "es"), Map.entry("italian", "it"), Map.entry("portuguese", "pt"), Map.entry("dutch", "nl"),
            Map.entry("japanese", "ja"), Map.entry("chinese", "zh"), Map.entry("korean", "ko"), Map.entry("russian", "ru"),
            Map.entry("polish", "pl"), Map.entry("english", "en"), Map.entry("swedish", "sv"), Map.entry("turkish", "tr"));

    @Override
    public Reply respond(ResponseContext ctx) {
        SimItem last = ctx.lastItem();
        if (last != null && "function_call_output".equals(last.type())) {
            return Reply.text("Done: " + last.output());
        }
        String user = ctx.lastUserText();
        Tool tool = chooseTool(ctx, user);
        if (tool != null) {
            return Reply.functionCall(tool.name(), arguments(tool, user));
        }
        String instructions = ctx.instructions().toLowerCase(Locale.ROOT);
        if (user != null && (instructions.contains("repeat after the user") || instructions.contains("repeat what the user"))) {
            return Reply.text(user);
        }
        Matcher m = TRANSLATE.matcher(ctx.instructions());
        if (user != null && m.find()) {
            String lang = m.group(1).toLowerCase(Locale.ROOT);
            String code = LANGUAGES.getOrDefault(lang, lang.length() >= 2 ? lang.substring(0, 2) : lang);
            return Reply.text("[" + code + "] " + user);
        }
        boolean anyUser = ctx.conversation().stream().anyMatch(i -> "user".equals(i.role()));
        if (!anyUser) {
            return Reply.text("Hello! How can I help you today?");
        }
        if (user == null) {
            long ms = ctx.conversation().stream().filter(i -> "user".equals(i.role())).reduce((a, b) -> b).map(SimItem::audioMs).orElse(0L);
            return Reply.text(String.format(Locale.ROOT, "I heard %.1f seconds of audio.", ms / 1000.0));
        }
        return Reply.text("You said: " + user);
    }

    private static Tool chooseTool(ResponseContext ctx, String user) {
        if (ctx.tools().isEmpty() || ctx.toolChoice().equals("none")) {
            return null;
        }
        if (ctx.toolChoice().startsWith("function:")) {
            return ctx.tool(ctx.toolChoice().substring("function:".length()));
        }
        Tool best = null;
        int bestScore = 0;
        if (user != null) {
            Set<String> said = ToolMatch.words(user);
            for (Tool t : ctx.tools()) {
                int score = ToolMatch.score(said, t);
                if (score > bestScore) {
                    best = t;
                    bestScore = score;
                }
            }
        }
        if (best == null && ctx.toolChoice().equals("required")) {
            return ctx.tools().get(0);
        }
        return best;
    }

    /** Arguments fitting {@code tool}'s JSON Schema: every required (or, if none, every) property filled. */
    static String arguments(Tool tool, String userText) {
        try {
            JsonNode schema = Json.parse(tool.parametersJson());
            return Json.write(fill(schema, "value", userText, 0));
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static JsonNode fill(JsonNode schema, String name, String userText, int depth) {
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return ToolMatch.enumValue(schema.get("enum"), userText);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText("object");
        switch (type) {
            case "integer", "number" -> {
                return ToolMatch.number(schema, type.equals("integer"), userText);
            }
            case "boolean" -> {
                return Json.M.getNodeFactory().booleanNode(true);
            }
            case "array" -> {
                var arr = Json.M.createArrayNode();
                if (depth < 4) {
                    arr.add(fill(schema.path("items"), name, userText, depth + 1));
                }
                return arr;
            }
            case "string" -> {
                return Json.M.getNodeFactory().textNode(stringFor(name, userText));
            }
            case "null" -> {
                return Json.M.getNodeFactory().nullNode();
            }
            default -> {
                ObjectNode o = Json.obj();
                JsonNode props = schema.path("properties");
                if (depth >= 4 || !props.isObject()) {
                    return o;
                }
                JsonNode required = schema.path("required");
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    boolean req = !required.isArray() || required.size() == 0 || contains(required, p.getKey());
                    if (req) {
                        o.set(p.getKey(), fill(p.getValue(), p.getKey(), userText, depth + 1));
                    }
                }
                return o;
            }
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A value for string property {@code name}: text in double quotes, else the last capitalised
     * word of the user text that is not its first word (e.g. "Paris"), else the last word.
     */
    private static String stringFor(String name, String userText) {
        if (userText == null || userText.isBlank()) {
            return "example " + name;
        }
        Matcher quoted = QUOTED.matcher(userText);
        if (quoted.find()) {
            return quoted.group(1);
        }
        String[] words = userText.replaceAll("[^\\p{L}\\p{N}' ]", " ").trim().split("\\s+");
        for (int i = words.length - 1; i > 0; i--) {
            if (!words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0))) {
                return words[i];
            }
        }
        return words[words.length - 1];
    }
}
