package dev.tau4j.cost;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An <em>estimate</em> of what something cost, computed from the reported usage and a
 * {@link PriceTable}. It is not a bill: the provider's invoice is authoritative, and prices
 * change.
 *
 * <p>Either known ({@link #isKnown()}: {@code totalUsd} is the sum of the lines and the time
 * charge) or unknown ({@code totalUsd} is {@code null} and {@code unknownReason} says why, e.g.
 * the model is not in the table). An unknown model is never priced as another model.
 *
 * <p>Amounts: token lines are exact ({@code tokens × rate / 10^6}); a time charge is rounded to
 * {@value #SCALE} decimal places. {@code totalUsd} is their unrounded sum; round for display only.
 *
 * @param model          the model the usage was priced for, as given
 * @param totalUsd       total USD, or {@code null} when unknown
 * @param lines          one line per token kind that had tokens or a price, in {@link TokenKind} order
 * @param time           the time-billed part, or {@code null}
 * @param unknownReason  why the cost is unknown, or {@code null} when known
 */
public record CostEstimate(String model, BigDecimal totalUsd, List<CostLine> lines, TimeCharge time,
                           String unknownReason) {

    /** Decimal places of rounded amounts (time charges). */
    public static final int SCALE = 10;

    public CostEstimate {
        Objects.requireNonNull(model, "model");
        lines = List.copyOf(lines);
        if ((totalUsd == null) == (unknownReason == null)) {
            throw new IllegalArgumentException("exactly one of totalUsd and unknownReason must be set");
        }
    }

    /** A known estimate; the total is computed from the lines and the time charge. */
    public static CostEstimate of(String model, List<CostLine> lines, TimeCharge time) {
        BigDecimal total = BigDecimal.ZERO;
        for (CostLine line : lines) {
            total = total.add(line.usd());
        }
        if (time != null) {
            total = total.add(time.usd());
        }
        return new CostEstimate(model, total, lines, time, null);
    }

    /** "cost unknown" for {@code model}, with the reason. */
    public static CostEstimate unknown(String model, String reason) {
        return new CostEstimate(model, null, List.of(), null, Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the cost could be estimated. */
    public boolean isKnown() {
        return totalUsd != null;
    }

    /** The total, or zero when unknown (for sums that track unknown parts separately). */
    public BigDecimal totalUsdOrZero() {
        return totalUsd == null ? BigDecimal.ZERO : totalUsd;
    }

    /**
     * The CLI's {@code --json} shape:
     * {@code {"model":"…","total_usd":0.0,"lines":[{"kind":"input_text","tokens":0,"usd_per_million":0.0,"usd":0.0},…]}}.
     * Amounts are JSON numbers (doubles). A time charge adds
     * {@code "time":{"seconds":…,"usd_per_minute":…,"usd":…}}; an unknown estimate has
     * {@code "total_usd":null} and {@code "unknown":"<reason>"}.
     */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", model);
        if (isKnown()) {
            root.put("total_usd", totalUsd.doubleValue());
        } else {
            root.putNull("total_usd");
            root.put("unknown", unknownReason);
        }
        var array = root.putArray("lines");
        for (CostLine line : lines) {
            ObjectNode l = array.addObject();
            l.put("kind", line.kind().key());
            l.put("tokens", line.tokens());
            l.put("usd_per_million", line.usdPerMillion().doubleValue());
            l.put("usd", line.usd().doubleValue());
        }
        if (time != null) {
            ObjectNode t = root.putObject("time");
            t.put("seconds", time.duration().toMillis() / 1000.0);
            t.put("usd_per_minute", time.usdPerMinute().doubleValue());
            t.put("usd", time.usd().doubleValue());
        }
        return root;
    }

    /**
     * The shape tau.js exposed as {@code session.usage}:
     * {@code {"computed":{"total_usage_cost":…},"tokens":{"<kind>":{"tokens":…,"cpm":…,"usage_cost":…}}}},
     * keyed by {@link TokenKind#key()}. Unlike tau.js, {@code input_audio} is net of cached audio
     * (tau.js billed cached audio twice) and there is no zero-priced {@code *_gross} entry.
     * An unknown estimate has {@code "total_usage_cost":null}.
     */
    public ObjectNode toTauJsJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode computed = root.putObject("computed");
        if (isKnown()) {
            computed.put("total_usage_cost", totalUsd.doubleValue());
        } else {
            computed.putNull("total_usage_cost");
        }
        ObjectNode tokens = root.putObject("tokens");
        for (CostLine line : lines) {
            ObjectNode t = tokens.putObject(line.kind().key());
            t.put("tokens", line.tokens());
            t.put("cpm", line.usdPerMillion().doubleValue());
            t.put("usage_cost", line.usd().doubleValue());
        }
        return root;
    }

    /**
     * {@code CostEstimate[$0.001536 for gpt-realtime: input_text 132 × $4/M = $0.000528, …]} with the
     * lines that billed tokens (and the time charge), or {@code CostEstimate[unknown for M: reason]}.
     */
    @Override
    public String toString() {
        if (!isKnown()) {
            return "CostEstimate[unknown for " + model + ": " + unknownReason + "]";
        }
        StringBuilder b = new StringBuilder("CostEstimate[").append(Readable.usd(totalUsd)).append(" for ").append(model);
        String sep = ": ";
        for (CostLine line : lines) {
            if (line.tokens() > 0) {
                b.append(sep).append(line);
                sep = ", ";
            }
        }
        if (time != null) {
            b.append(sep).append("time ").append(time);
        }
        return b.append(']').toString();
    }
}
