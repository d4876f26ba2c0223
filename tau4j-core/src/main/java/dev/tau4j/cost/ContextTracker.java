package dev.tau4j.cost;

import dev.tau4j.event.Usage;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Measures context amplification: every turn bills the retained conversation again as input, so
 * a long session pays for its first minutes over and over.
 *
 * <p><b>Definition.</b> For turn n (one {@code response.done}), the carried context is
 * {@code input(n−1) + output(n−1) − reduced}, where {@code reduced} is what was removed from the
 * conversation since turn n−1 ({@link #onContextReduced}: deleted or truncated items), floored
 * at 0. The re-billed tokens of turn n are {@code min(carried, input(n))}; the first turn
 * re-bills nothing. This assumes the previous turn's whole input and output stay in the
 * context, which holds unless the server truncates old items itself
 * ({@code truncation:"auto"} on a full context) — then it overstates.
 *
 * <p>Report the responses that read the conversation (the usual ones, whoever started them).
 * A response given its own {@code input} instead of the conversation does not follow this
 * model; leave it out.
 *
 * <p>When a turn's re-billed tokens reach {@code warnAtRebilledTokens} from below, the turn is
 * marked {@link TurnContext#crossedThreshold()} and the warning callback runs; it re-arms once a
 * turn falls below the threshold again (e.g. after pruning).
 *
 * <p>Thread-safe; the callback runs on the reporting thread, outside the lock.
 */
public final class ContextTracker {

    private final long warnAtRebilledTokens;
    private final Consumer<TurnContext> onWarning;
    private final Object lock = new Object();

    // Guarded by lock. previous* are -1 before the first turn (and after reset()).
    private long turn;
    private long previousInput = -1;
    private long previousOutput = -1;
    private long reducedSinceLastTurn;
    private long cumulativeInput;
    private long cumulativeRebilled;
    private boolean aboveThreshold;

    /** A tracker that never warns. */
    public ContextTracker() {
        this(Long.MAX_VALUE, t -> { });
    }

    /**
     * A tracker that warns when a turn re-bills at least {@code warnAtRebilledTokens} tokens.
     *
     * @param onWarning called with the turn that crossed the threshold
     */
    public ContextTracker(long warnAtRebilledTokens, Consumer<TurnContext> onWarning) {
        if (warnAtRebilledTokens <= 0) {
            throw new IllegalArgumentException("warnAtRebilledTokens must be positive, got " + warnAtRebilledTokens);
        }
        this.warnAtRebilledTokens = warnAtRebilledTokens;
        this.onWarning = Objects.requireNonNull(onWarning, "onWarning");
    }

    /** Records one turn's usage and returns its amplification figures. */
    public TurnContext onTurn(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        TurnContext result;
        synchronized (lock) {
            long input = usage.inputTokens();
            long rebilled = 0;
            if (previousInput >= 0) {
                long carried = Math.max(0, previousInput + previousOutput - reducedSinceLastTurn);
                rebilled = Math.min(carried, input);
            }
            turn++;
            cumulativeInput += input;
            cumulativeRebilled += rebilled;
            previousInput = input;
            previousOutput = usage.outputTokens();
            reducedSinceLastTurn = 0;
            boolean above = rebilled >= warnAtRebilledTokens;
            boolean crossed = above && !aboveThreshold;
            aboveThreshold = above;
            result = new TurnContext(turn, input, rebilled, input - rebilled, cumulativeInput, cumulativeRebilled,
                    crossed);
        }
        if (result.crossedThreshold()) {
            onWarning.accept(result);
        }
        return result;
    }

    /** Records that {@code tokens} of context were removed (items deleted or truncated) since the last turn. */
    public void onContextReduced(long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, got " + tokens);
        }
        synchronized (lock) {
            reducedSinceLastTurn += tokens;
        }
    }

    /**
     * Forgets the carried context, e.g. after reconnecting to a fresh server conversation. The
     * cumulative figures and the turn count are kept.
     */
    public void reset() {
        synchronized (lock) {
            previousInput = -1;
            previousOutput = -1;
            reducedSinceLastTurn = 0;
            aboveThreshold = false;
        }
    }

    /** Input billed over all turns per fresh input token (see {@link TurnContext#amplification()}). */
    public double amplification() {
        synchronized (lock) {
            return new TurnContext(turn, 0, 0, 0, cumulativeInput, cumulativeRebilled, false).amplification();
        }
    }
}
