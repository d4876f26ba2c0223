package dev.tau4j.cost;

import dev.tau4j.TauException;

/**
 * Thrown when a response is requested after a {@link Budget} cap was reached. Not retryable:
 * the same session stays over budget.
 */
public class BudgetExceededException extends TauException {

    private static final long serialVersionUID = 1L;

    private final transient BudgetExceeded exceeded;

    /** An exception for the given signal, with a message saying what to do. */
    public BudgetExceededException(BudgetExceeded exceeded) {
        super("Budget exceeded: " + exceeded.describe() + "; new responses are refused. "
                + "Raise the cap in Budget or start a new session.");
        this.exceeded = exceeded;
    }

    /** Which cap was reached, and by how much. */
    public BudgetExceeded exceeded() {
        return exceeded;
    }
}
