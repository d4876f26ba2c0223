package dev.tau4j.cost;

import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The amount spent on {@code cap} reached the cap. Signalled once per cap. With
 * {@link BudgetPolicy#CLOSE_SESSION} the session closes; with
 * {@link BudgetPolicy#REFUSE_NEW_RESPONSES} it refuses new responses.
 *
 * @param cap     the cap concerned
 * @param spent   amount spent, in the cap's unit
 * @param limit   the cap, in the same unit
 * @param policy  what the session does now
 */
public record BudgetExceeded(BudgetCap cap, BigDecimal spent, BigDecimal limit, BudgetPolicy policy)
        implements BudgetSignal {

    public BudgetExceeded {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(policy, "policy");
    }

    /** "spent 1.02 USD of the 1.00 USD cap". */
    public String describe() {
        return "spent " + spent.stripTrailingZeros().toPlainString() + " " + cap.unit() + " of the "
                + limit.stripTrailingZeros().toPlainString() + " " + cap.unit() + " " + switch (cap) {
                    case USD -> "cost cap";
                    case TOKENS -> "token cap";
                    case CONNECTED_TIME -> "connected-time cap";
                };
    }

    /** {@code BudgetExceeded[USD: spent 1.02 of 1 → REFUSE_NEW_RESPONSES]}. */
    @Override
    public String toString() {
        return "BudgetExceeded[" + cap.unit() + ": spent " + Readable.plain(spent) + " of " + Readable.plain(limit)
                + " → " + policy + "]";
    }
}
