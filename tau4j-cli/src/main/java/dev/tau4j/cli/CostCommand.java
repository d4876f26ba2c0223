package dev.tau4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.CostLine;
import dev.tau4j.cost.ModelPrice;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.event.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tau cost --model NAME --usage FILE.json [--json] [--prices FILE.json]}: estimates the cost
 * of one response's usage.
 *
 * <p>{@code FILE} holds a usage object ({@code response.done.response.usage}, beta or GA shape) or a
 * whole {@code response.done} event (usage under {@code response.usage}, or top-level
 * {@code usage} as xAI sends it), or Gemini Live's {@code usageMetadata} (the object, or the server
 * message that carries it). {@code --prices} layers a price file over the bundled table.
 *
 * <p>Exit codes (of {@link ExitCodes}): 0 estimated; 2 usage error (missing option, unreadable or
 * invalid file), with a one-line message on stderr; 1 cost unknown (e.g. a model not in the table), with
 * {@code cost unknown: <reason>} on stderr and nothing on stdout. With {@code --json}, stdout is
 * exactly one JSON object:
 * {@code {"model":"…","total_usd":0.0,"lines":[{"kind":"input_text","tokens":0,"usd_per_million":0.0,"usd":0.0},…]}}.
 */
@Command(name = "cost",
        description = "Estimate the cost of a response's usage from the bundled (or your) price table.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:estimated", "1:cost unknown (model not priced, or usage of a kind it has no price for)",
                "2:usage error (option, unreadable or invalid file)"})
public final class CostCommand implements Callable<Integer> {

    /** Exit code when the cost cannot be estimated: no complete result. */
    public static final int EXIT_COST_UNKNOWN = ExitCodes.NOT_COMPLETED;
    private static final int EXIT_USAGE = ExitCodes.USAGE;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--model", paramLabel = "NAME", description = "Model to price, e.g. gpt-realtime.")
    private String model;

    @Option(names = "--usage", paramLabel = "FILE", description = "JSON file: a usage object or a response.done event (OpenAI, Azure, xAI), or Gemini's usageMetadata or the message carrying it.")
    private Path usageFile;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price file layered over the bundled table.")
    private Path pricesFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (model == null || model.isBlank()) {
            return usageError(err, "Missing required option --model=NAME (e.g. --model gpt-realtime)");
        }
        if (usageFile == null) {
            return usageError(err, "Missing required option --usage=FILE (a usage object or response.done event)");
        }
        PriceTable prices = PriceTable.bundled();
        if (pricesFile != null) {
            try {
                prices = prices.merge(PriceTable.load(pricesFile));
            } catch (UncheckedIOException | IllegalArgumentException e) {
                return usageError(err, oneLine(e.getMessage()));
            }
        }
        Usage usage;
        try {
            usage = readUsage(usageFile);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        CostEstimate estimate = prices.estimate(model, usage);
        if (!estimate.isKnown()) {
            err.println("cost unknown: " + estimate.unknownReason());
            err.flush();
            return EXIT_COST_UNKNOWN;
        }
        if (json) {
            try {
                out.println(JSON.writeValueAsString(estimate.toJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the estimate", e);
            }
        } else {
            printTable(out, estimate, prices);
        }
        out.flush();
        return 0;
    }

    /** Reads the usage from a usage object or a response.done event. */
    static Usage readUsage(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + oneLine(String.valueOf(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object (a usage object or a response.done event)");
        }
        JsonNode usage;
        if (root.has("type")) {
            if (!"response.done".equals(root.path("type").asText())) {
                throw new IllegalArgumentException(file + " holds a " + root.path("type").asText()
                        + " event; expected a response.done event or a usage object");
            }
            usage = root.path("response").path("usage");
            if (!usage.isObject()) {
                usage = root.path("usage");
            }
            if (!usage.isObject()) {
                throw new IllegalArgumentException(file + " is a response.done event without usage");
            }
        } else if (root.path("usageMetadata").isObject()) {
            usage = root.path("usageMetadata");   // a Gemini Live server message
        } else if (root.has("total_tokens") || root.has("input_tokens") || root.has("output_tokens")
                || root.has("input_token_details") || root.has("output_token_details")
                || root.has("promptTokenCount") || root.has("responseTokenCount") || root.has("totalTokenCount")) {
            usage = root;
        } else {
            throw new IllegalArgumentException(file + " is neither a usage object (total_tokens, input_token_details, …;"
                    + " or Gemini's promptTokenCount, …), a response.done event, nor a Gemini message with usageMetadata");
        }
        return Usage.fromJson(usage.toString());
    }

    private static void printTable(PrintWriter out, CostEstimate estimate, PriceTable prices) {
        ModelPrice price = prices.find(estimate.model()).orElseThrow();
        out.printf("Cost estimate for %s (prices effective %s; table %s)%n",
                estimate.model(), price.effectiveDate(), prices.effectiveDate());
        out.printf("%-20s %10s %10s %14s%n", "kind", "tokens", "USD/1M", "USD");
        for (CostLine line : estimate.lines()) {
            out.printf("%-20s %10d %10s %14s%n", line.kind().key(), line.tokens(),
                    line.usdPerMillion().setScale(2, RoundingMode.HALF_EVEN).toPlainString(), usd(line.usd().toPlainString()));
        }
        out.printf("%-20s %10s %10s %14s%n", "total", "", "", usd(estimate.totalUsd().toPlainString()));
        out.println("Source: " + price.source());
        out.println("An estimate from published prices; the provider's invoice is authoritative.");
    }

    private static String usd(String plain) {
        return new java.math.BigDecimal(plain).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("tau cost: " + message);
        err.flush();
        return EXIT_USAGE;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
