package dev.tau4j.cost;

/**
 * What a {@link BudgetMonitor} reports: {@link BudgetWarning} once per cap at the warning
 * threshold, {@link BudgetExceeded} once per cap when it is reached.
 */
public sealed interface BudgetSignal permits BudgetWarning, BudgetExceeded {

    /** The cap concerned. */
    BudgetCap cap();

    /** The amount spent when the signal fired, in the cap's {@link BudgetCap#unit()}. */
    java.math.BigDecimal spent();

    /** The cap, in the same unit. */
    java.math.BigDecimal limit();
}
