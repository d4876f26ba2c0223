package dev.tau4j.cost;

import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A running total of estimates, some of which may be unknown.
 *
 * @param knownUsd      the sum of every known estimate; a lower bound when {@code unknownParts > 0}
 * @param knownParts    how many estimates were known
 * @param unknownParts  how many estimates were "cost unknown" (not included in {@code knownUsd})
 */
public record CostTotal(BigDecimal knownUsd, long knownParts, long unknownParts) {

    /** Nothing recorded. */
    public static final CostTotal ZERO = new CostTotal(BigDecimal.ZERO, 0, 0);

    public CostTotal {
        Objects.requireNonNull(knownUsd, "knownUsd");
        if (knownParts < 0 || unknownParts < 0) {
            throw new IllegalArgumentException("part counts must not be negative");
        }
    }

    /** Whether every part was priced, so {@code knownUsd} is the whole estimate. */
    public boolean isComplete() {
        return unknownParts == 0;
    }

    /** This total plus one more estimate. */
    public CostTotal plus(CostEstimate estimate) {
        return estimate.isKnown()
                ? new CostTotal(knownUsd.add(estimate.totalUsd()), knownParts + 1, unknownParts)
                : new CostTotal(knownUsd, knownParts, unknownParts + 1);
    }

    /** {@code CostTotal[$0.0123 over 3 estimates]}, {@code CostTotal[$0.0123 over 2 estimates + 1 unknown]}. */
    @Override
    public String toString() {
        return "CostTotal[" + Readable.usd(knownUsd) + " over " + Readable.count(knownParts, "estimate", "estimates")
                + (unknownParts > 0 ? " + " + unknownParts + " unknown" : "") + "]";
    }
}
