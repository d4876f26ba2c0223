package dev.tau4j.cost;

import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The amount spent on {@code cap} reached the budget's warning threshold. Signalled once per cap.
 *
 * @param cap        the cap concerned
 * @param spent      amount spent, in the cap's unit
 * @param limit      the cap, in the same unit
 * @param threshold  the warning amount ({@code warnAt × limit})
 */
public record BudgetWarning(BudgetCap cap, BigDecimal spent, BigDecimal limit, BigDecimal threshold)
        implements BudgetSignal {

    public BudgetWarning {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(threshold, "threshold");
    }

    /** {@code BudgetWarning[USD: spent 0.82 of 1, warning at 0.8]}. */
    @Override
    public String toString() {
        return "BudgetWarning[" + cap.unit() + ": spent " + Readable.plain(spent) + " of " + Readable.plain(limit)
                + ", warning at " + Readable.plain(threshold) + "]";
    }
}
