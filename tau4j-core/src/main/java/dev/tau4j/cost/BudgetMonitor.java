package dev.tau4j.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Enforces a {@link Budget} for one logical session. Pure bookkeeping: the session reports what
 * was spent and asks before each response; the monitor decides and signals.
 *
 * <p>The session calls {@link #onResponse} for every {@code response.done} (any origin, any
 * status), {@link #onTranscription} for every transcription, {@link #onConnectedTime} with the
 * connected time elapsed since the previous call (also across reconnects), {@link #onCost} for
 * other estimated charges (per-minute connection cost), and {@link #checkBeforeResponse()} before
 * sending {@code response.create}. When {@link #shouldClose()} becomes true it closes the session.
 *
 * <p>Each reporting method returns the signals it caused (usually none) and passes them to the
 * {@link BudgetListener}. Each cap warns once and is exceeded once. Thread-safe.
 */
public final class BudgetMonitor {

    private final Budget budget;
    private final BudgetListener listener;
    private final Object lock = new Object();

    // Guarded by lock.
    private BigDecimal spentUsd = BigDecimal.ZERO;
    private long spentTokens;
    private Duration connectedTime = Duration.ZERO;
    private long unknownCostParts;
    private final Set<BudgetCap> warned = EnumSet.noneOf(BudgetCap.class);
    private final Map<BudgetCap, BudgetExceeded> exceeded = new EnumMap<>(BudgetCap.class);

    /** A monitor for {@code budget}, signalling to {@code listener}. */
    public BudgetMonitor(Budget budget, BudgetListener listener) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A monitor for {@code budget} without a listener (use the returned signals). */
    public BudgetMonitor(Budget budget) {
        this(budget, BudgetListener.NONE);
    }

    public Budget budget() {
        return budget;
    }

    /** Counts one response: its total tokens and, when known, its estimated cost. */
    public List<BudgetSignal> onResponse(ResponseUsage entry) {
        return add(entry.usage().totalTokens(), entry.estimate(), Duration.ZERO);
    }

    /** Counts one transcription: its tokens and, when known, its estimated cost. */
    public List<BudgetSignal> onTranscription(TranscriptionEntry entry) {
        return add(entry.tokens(), entry.estimate(), Duration.ZERO);
    }

    /** Counts connected time elapsed since the previous call. */
    public List<BudgetSignal> onConnectedTime(Duration delta) {
        if (Objects.requireNonNull(delta, "delta").isNegative()) {
            throw new IllegalArgumentException("connected time must not be negative, got " + delta);
        }
        return add(0, null, delta);
    }

    /** Counts another estimated charge, e.g. the connection cost of a per-minute model. */
    public List<BudgetSignal> onCost(CostEstimate estimate) {
        return add(0, Objects.requireNonNull(estimate, "estimate"), Duration.ZERO);
    }

    /**
     * Call before requesting a response.
     *
     * @throws BudgetExceededException when any cap has been reached (whatever the policy: a session
     *                                 that should close must not start responses either)
     */
    public void checkBeforeResponse() {
        Optional<BudgetExceeded> first = exceeded();
        if (first.isPresent()) {
            throw new BudgetExceededException(first.get());
        }
    }

    /** The first cap reached, if any. */
    public Optional<BudgetExceeded> exceeded() {
        synchronized (lock) {
            return exceeded.values().stream().findFirst();
        }
    }

    /** Whether a cap was reached and the policy is {@link BudgetPolicy#CLOSE_SESSION}. */
    public boolean shouldClose() {
        return budget.policy() == BudgetPolicy.CLOSE_SESSION && exceeded().isPresent();
    }

    /** Estimated USD counted so far (known estimates only). */
    public BigDecimal spentUsd() {
        synchronized (lock) {
            return spentUsd;
        }
    }

    /** Tokens counted so far. */
    public long spentTokens() {
        synchronized (lock) {
            return spentTokens;
        }
    }

    /** Connected time counted so far. */
    public Duration connectedTime() {
        synchronized (lock) {
            return connectedTime;
        }
    }

    /** How many reported estimates were "cost unknown" and so not counted towards the USD cap. */
    public long unknownCostParts() {
        synchronized (lock) {
            return unknownCostParts;
        }
    }

    private List<BudgetSignal> add(long tokens, CostEstimate estimate, Duration time) {
        List<BudgetSignal> signals = new ArrayList<>(2);
        synchronized (lock) {
            spentTokens += tokens;
            connectedTime = connectedTime.plus(time);
            if (estimate != null) {
                if (estimate.isKnown()) {
                    spentUsd = spentUsd.add(estimate.totalUsd());
                } else {
                    unknownCostParts++;
                }
            }
            check(BudgetCap.USD, spentUsd, signals);
            check(BudgetCap.TOKENS, BigDecimal.valueOf(spentTokens), signals);
            check(BudgetCap.CONNECTED_TIME, Budget.seconds(connectedTime), signals);
        }
        for (BudgetSignal signal : signals) {
            switch (signal) {
                case BudgetWarning w -> listener.onWarning(w);
                case BudgetExceeded e -> listener.onExceeded(e);
            }
        }
        return List.copyOf(signals);
    }

    private void check(BudgetCap cap, BigDecimal spent, List<BudgetSignal> signals) {
        BigDecimal limit = budget.limit(cap);
        if (limit == null) {
            return;
        }
        BigDecimal threshold = limit.multiply(BigDecimal.valueOf(budget.warnAt()));
        if (spent.compareTo(threshold) >= 0 && warned.add(cap)) {
            signals.add(new BudgetWarning(cap, spent, limit, threshold));
        }
        if (spent.compareTo(limit) >= 0 && !exceeded.containsKey(cap)) {
            BudgetExceeded e = new BudgetExceeded(cap, spent, limit, budget.policy());
            exceeded.put(cap, e);
            signals.add(e);
        }
    }
}
