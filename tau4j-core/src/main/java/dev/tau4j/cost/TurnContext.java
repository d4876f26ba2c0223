package dev.tau4j.cost;

/**
 * Context amplification of one turn, from {@link ContextTracker#onTurn}.
 *
 * @param turn                      1 for the first turn tracked
 * @param inputTokens               the turn's billed input tokens
 * @param rebilledTokens            the part of {@code inputTokens} that is earlier context billed
 *                                  again (definition in {@link ContextTracker})
 * @param freshInputTokens          {@code inputTokens − rebilledTokens}: input new this turn
 * @param cumulativeInputTokens     input billed over all tracked turns
 * @param cumulativeRebilledTokens  re-billed input over all tracked turns
 * @param crossedThreshold          {@code true} on the turn whose re-billed tokens reached the
 *                                  tracker's warning threshold from below
 */
public record TurnContext(long turn, long inputTokens, long rebilledTokens, long freshInputTokens,
                          long cumulativeInputTokens, long cumulativeRebilledTokens, boolean crossedThreshold) {

    /**
     * Input billed per fresh input token over all tracked turns so far: 1.0 when nothing was
     * re-billed; 7.0 means each new token was paid for seven times on average.
     */
    public double amplification() {
        long fresh = cumulativeInputTokens - cumulativeRebilledTokens;
        return fresh <= 0 ? 1.0 : (double) cumulativeInputTokens / fresh;
    }

    /** {@code TurnContext[turn 3: input 1200 (900 re-billed, 300 fresh); in all 3000 (2000 re-billed), ×3.0]}. */
    @Override
    public String toString() {
        return "TurnContext[turn " + turn + ": input " + inputTokens + " (" + rebilledTokens + " re-billed, "
                + freshInputTokens + " fresh); in all " + cumulativeInputTokens + " (" + cumulativeRebilledTokens
                + " re-billed), ×" + String.format(java.util.Locale.ROOT, "%.1f", amplification())
                + (crossedThreshold ? ", threshold crossed" : "") + "]";
    }
}
