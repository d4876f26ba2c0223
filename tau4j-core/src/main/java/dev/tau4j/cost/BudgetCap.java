package dev.tau4j.cost;

/** The things a {@link Budget} can cap. */
public enum BudgetCap {
    /** Estimated cost in USD (known estimates only). Amounts in USD. */
    USD("USD"),
    /** Tokens: response input + output, plus transcription tokens. Amounts in tokens. */
    TOKENS("tokens"),
    /** Connected time across reconnects. Amounts in seconds. */
    CONNECTED_TIME("s");

    private final String unit;

    BudgetCap(String unit) {
        this.unit = unit;
    }

    /** The unit amounts of this cap are given in: {@code USD}, {@code tokens} or {@code s}. */
    public String unit() {
        return unit;
    }
}
