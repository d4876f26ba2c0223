package dev.tau4j.internal.recovery;

import dev.tau4j.recovery.RecoveryStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What recovery did in one session, for {@link RecoveryStats}. Thread-safe: atomics only. */
public final class RecoveryCounters {

    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger rollovers = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger requestedAgain = new AtomicInteger();
    private final AtomicLong itemsReplayed = new AtomicLong();
    private final AtomicInteger resumptions = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private final AtomicLong totalOutageNanos = new AtomicLong();
    private volatile Duration lastOutage = Duration.ZERO;
    private volatile String lastFailure;

    /** A response was asked for again (after a loss or a stall). */
    public void requestedAgain() {
        requestedAgain.incrementAndGet();
    }

    void attempt() {
        attempts.incrementAndGet();
    }

    void stall() {
        stalls.incrementAndGet();
    }

    void failure(String message) {
        lastFailure = message;
    }

    /** A new connection was restored: by resumption (nothing replayed) or by replaying the journal. */
    void restored(boolean resumed) {
        (resumed ? resumptions : replays).incrementAndGet();
    }

    void recovered(Duration outage, int replayed) {
        lastOutage = outage;
        totalOutageNanos.addAndGet(outage.toNanos());
        itemsReplayed.addAndGet(replayed);
        reconnects.incrementAndGet();
    }

    void rolledOver(int replayed) {
        rollovers.incrementAndGet();
        itemsReplayed.addAndGet(replayed);
    }

    public RecoveryStats snapshot() {
        return new RecoveryStats(reconnects.get(), attempts.get(), rollovers.get(), stalls.get(), itemsReplayed.get(),
                requestedAgain.get(), lastOutage, Duration.ofNanos(totalOutageNanos.get()), lastFailure,
                resumptions.get(), replays.get());
    }
}
