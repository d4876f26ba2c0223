package dev.tau4j.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable, dated table of model prices, and the estimator that applies it.
 *
 * <p>{@link #bundled()} is the table shipped in the jar
 * ({@code dev/tau4j/cost/prices.json}); user prices come from {@link #load(Path)} or
 * {@link #withModel(String, ModelPrice)} and are layered with {@link #merge(PriceTable)}.
 *
 * <p>Lookup is exact: a model is found by its own name or through an explicit alias of the
 * table ({@code "4o" → "gpt-realtime"}). There is no prefix matching, so a new snapshot is
 * "cost unknown" until the table (or the user) prices it — never silently priced as another
 * model.
 *
 * <p>File format (USD):
 * <pre>{@code
 * {"effective_date":"2026-05-16",
 *  "models":{"my-model":{"effective_date":"2026-01-01","source":"…",
 *                        "usd_per_million":{"input_text":4.0,"input_text_cached":0.4,…},
 *                        "usd_per_minute":0.05}},
 *  "aliases":{"short":"my-model"}}
 * }</pre>
 * Token kinds are the {@link TokenKind#key()} names; at least one of {@code usd_per_million}
 * and {@code usd_per_minute} per model.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PriceTable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final class Bundled {
        static final PriceTable TABLE;

        static {
            try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
                if (in == null) {
                    throw new IllegalStateException("dev/tau4j/cost/prices.json is missing from the classpath");
                }
                TABLE = load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled price table", e);
            }
        }
    }

    private final LocalDate effectiveDate;
    private final Map<String, ModelPrice> models;
    private final Map<String, String> aliases;

    private PriceTable(LocalDate effectiveDate, Map<String, ModelPrice> models, Map<String, String> aliases) {
        this.effectiveDate = Objects.requireNonNull(effectiveDate, "effectiveDate");
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
        this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
        for (Map.Entry<String, String> alias : this.aliases.entrySet()) {
            if (!this.models.containsKey(alias.getValue())) {
                throw new IllegalArgumentException("alias '" + alias.getKey() + "' points to '" + alias.getValue()
                        + "', which the price table does not contain");
            }
        }
    }

    /** The table bundled with tau4j. Loaded once; the same instance every call. */
    public static PriceTable bundled() {
        return Bundled.TABLE;
    }

    /** An empty table dated {@code effectiveDate}, to build on with {@link #withModel}. */
    public static PriceTable empty(LocalDate effectiveDate) {
        return new PriceTable(effectiveDate, Map.of(), Map.of());
    }

    /**
     * Reads a price file (format in the class comment).
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it is not a valid price table (the message says where)
     */
    public static PriceTable load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read price table " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price table " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid price table " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a price table from a stream (not closed). See {@link #load(Path)}.
     *
     * @throws UncheckedIOException     when the stream cannot be read
     * @throws IllegalArgumentException when it is not a valid price table
     */
    public static PriceTable load(InputStream in) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a price table must be a JSON object");
        }
        LocalDate tableDate = date(root.path("effective_date"), "effective_date");
        Map<String, ModelPrice> models = new LinkedHashMap<>();
        JsonNode modelsNode = root.path("models");
        if (!modelsNode.isObject()) {
            throw new IllegalArgumentException("'models' must be an object of model name → price");
        }
        for (Map.Entry<String, JsonNode> e : modelsNode.properties()) {
            models.put(e.getKey(), modelPrice(e.getKey(), e.getValue(), tableDate));
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        JsonNode aliasNode = root.path("aliases");
        if (!aliasNode.isMissingNode() && !aliasNode.isNull()) {
            if (!aliasNode.isObject()) {
                throw new IllegalArgumentException("'aliases' must be an object of alias → model name");
            }
            aliasNode.properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
        }
        return new PriceTable(tableDate, models, aliases);
    }

    private static ModelPrice modelPrice(String name, JsonNode node, LocalDate tableDate) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("model '" + name + "' must be an object");
        }
        Map<TokenKind, BigDecimal> prices = new EnumMap<>(TokenKind.class);
        JsonNode perMillion = node.path("usd_per_million");
        if (!perMillion.isMissingNode()) {
            if (!perMillion.isObject()) {
                throw new IllegalArgumentException("model '" + name + "': usd_per_million must be an object");
            }
            for (Map.Entry<String, JsonNode> e : perMillion.properties()) {
                try {
                    prices.put(TokenKind.ofKey(e.getKey()), number(e.getValue(), name + "." + e.getKey()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("model '" + name + "': " + ex.getMessage(), ex);
                }
            }
        }
        JsonNode perMinute = node.path("usd_per_minute");
        BigDecimal minute = perMinute.isMissingNode() || perMinute.isNull()
                ? null : number(perMinute, name + ".usd_per_minute");
        LocalDate date = node.has("effective_date") ? date(node.get("effective_date"), name + ".effective_date")
                : tableDate;
        try {
            return new ModelPrice(prices, minute, date, node.path("source").asText("unspecified"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    private static BigDecimal number(JsonNode node, String where) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException(where + " must be a number, got " + node);
        }
        return node.decimalValue();
    }

    private static LocalDate date(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(where + " must be a date like \"2026-05-16\"");
        }
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + " must be a date like \"2026-05-16\", got " + node, e);
        }
    }

    /** The date the table as a whole was compiled; each model has its own effective date too. */
    public LocalDate effectiveDate() {
        return effectiveDate;
    }

    /** The priced model names (aliases excluded), sorted. */
    public Map<String, ModelPrice> models() {
        return models;
    }

    /** Alias → model name, sorted. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** The price of {@code model}, by exact name or an explicit alias; empty when not in the table. */
    public Optional<ModelPrice> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        ModelPrice price = models.get(model);
        if (price == null && aliases.containsKey(model)) {
            price = models.get(aliases.get(model));
        }
        return Optional.ofNullable(price);
    }

    /**
     * A copy with {@code model} priced at {@code price}, replacing any entry or alias of that name.
     */
    public PriceTable withModel(String model, ModelPrice price) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(price, "price");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        Map<String, ModelPrice> m = new LinkedHashMap<>(models);
        m.put(model, price);
        Map<String, String> a = new LinkedHashMap<>(aliases);
        a.remove(model);
        return new PriceTable(effectiveDate, m, a);
    }

    /** A copy with {@code alias} resolving to {@code model}, which must be in the table. */
    public PriceTable withAlias(String alias, String model) {
        Map<String, String> a = new LinkedHashMap<>(aliases);
        a.put(Objects.requireNonNull(alias, "alias"), Objects.requireNonNull(model, "model"));
        Map<String, ModelPrice> m = new LinkedHashMap<>(models);
        m.remove(alias);
        return new PriceTable(effectiveDate, m, a);
    }

    /**
     * This table overridden by {@code overrides}: its models and aliases win, whole model by whole
     * model (a model in {@code overrides} replaces all of this table's prices for that name). The
     * result is dated with the later of the two dates.
     */
    public PriceTable merge(PriceTable overrides) {
        Map<String, ModelPrice> m = new LinkedHashMap<>(models);
        Map<String, String> a = new LinkedHashMap<>(aliases);
        overrides.models.forEach((name, price) -> {
            m.put(name, price);
            a.remove(name);
        });
        overrides.aliases.forEach((alias, target) -> {
            a.put(alias, target);
            m.remove(alias);
        });
        LocalDate date = overrides.effectiveDate.isAfter(effectiveDate) ? overrides.effectiveDate : effectiveDate;
        return new PriceTable(date, m, a);
    }

    /**
     * Estimates the cost of one response's usage: uncached input = input − cached at the
     * uncached rate, cached input at the cached rate, output at the output rates.
     *
     * @return a known estimate, or "cost unknown" when the model is not in the table, is billed
     *         per minute only, or has tokens of a kind it has no price for
     */
    public CostEstimate estimate(String model, Usage usage) {
        return Estimates.tokens(this, model, usage);
    }

    /**
     * Estimates one input transcription: a tokens usage at the model's token prices (input text,
     * input audio, output text), a duration usage at its per-minute price.
     */
    public CostEstimate estimateTranscription(String model, TranscriptionUsage usage) {
        return Estimates.transcription(this, model, usage);
    }

    /** Estimates {@code connected} time of a per-minute realtime model (e.g. xAI's). */
    public CostEstimate estimateConnection(String model, Duration connected) {
        return Estimates.connection(this, model, connected);
    }

    @Override
    public String toString() {
        return "PriceTable[" + effectiveDate + ", " + models.size() + " models, " + aliases.size() + " aliases]";
    }
}
