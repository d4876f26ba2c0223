package dev.tau4j.cost;

/** What the session does once a {@link Budget} cap is reached. */
public enum BudgetPolicy {
    /**
     * Keep the session open (the response in flight finishes) but refuse new responses:
     * {@link BudgetMonitor#checkBeforeResponse()} throws {@link BudgetExceededException}.
     * Server-started (VAD) responses cannot be refused client-side; the session should also
     * turn automatic responses off.
     */
    REFUSE_NEW_RESPONSES,
    /** Close the session as soon as a cap is reached; new responses are refused as well. */
    CLOSE_SESSION
}
