package dev.tau4j.cost;

/**
 * Receives {@link BudgetMonitor} signals. Methods default to doing nothing.
 *
 * <p>Called on the thread that reported the usage, after the monitor's state was updated, one
 * signal at a time, warnings before the exceeded signal of the same cap. A listener must not
 * block; an exception it throws propagates to the reporting call.
 */
public interface BudgetListener {

    /** A listener that ignores every signal. */
    BudgetListener NONE = new BudgetListener() { };

    /** A cap's warning threshold was reached (once per cap). */
    default void onWarning(BudgetWarning warning) {
    }

    /** A cap was reached (once per cap). */
    default void onExceeded(BudgetExceeded exceeded) {
    }
}
