package dev.tau4j.internal.recovery;

import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A planned switch to a fresh connection at a pause, before the server's session cap: connect,
 * restore, and have the session switch when the conversation has not moved on meanwhile.
 */
final class Rollover {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long RETRY_AFTER_MOVE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Recovery recovery;
    private final RecoveryHost host;
    private final RecoveryCounters counters;
    private final Restorer restorer;
    /** Not before this time (System.nanoTime); written by the rollover thread, read by the watchdog. */
    private volatile long notBeforeNanos;

    Rollover(Recovery recovery, RecoveryHost host, RecoveryCounters counters, Restorer restorer) {
        this.recovery = recovery;
        this.host = host;
        this.counters = counters;
        this.restorer = restorer;
    }

    /** Starts a rollover unless one (or a reconnect) is running or it is too soon. Never blocks. */
    void maybeStart(long now) {
        if (now > notBeforeNanos) {
            start();
        }
    }

    /** Starts a rollover now unless one (or a reconnect) is running: the server announced the end of the connection. */
    void start() {
        if (recovery.rolling.compareAndSet(false, true)) {
            Thread.ofVirtual().name("tau4j-rollover-" + host.name()).start(() -> {
                try {
                    run();
                } finally {
                    recovery.rolling.set(false);
                }
            });
        }
    }

    private void run() {
        Wire w = null;
        try {
            long version = host.journal().version();
            w = host.connectWire();
            recovery.restoring(w);
            Set<String> replayed = restorer.restore(w);
            if (recovery.stopped() || host.state() != SessionState.OPEN || !host.rollTo(w, version)) {
                LOG.log(System.Logger.Level.DEBUG, "τ {0}: rollover postponed: the conversation moved on", host.name());
                w.abort();
                notBeforeNanos = System.nanoTime() + RETRY_AFTER_MOVE_NANOS;
                return;
            }
            counters.rolledOver(replayed.size());
            counters.restored(w.dialect().resumed());
            LOG.log(System.Logger.Level.INFO, "τ {0}: rolled over to a fresh connection before the server ends the current one", host.name());
            host.rolledOver(counters.snapshot());
        } catch (TauException e) {
            if (w != null) {
                w.abort();
            }
            notBeforeNanos = System.nanoTime() + RETRY_AFTER_FAILURE_NANOS;
            if (!recovery.stopped()) {
                LOG.log(System.Logger.Level.WARNING, () -> "τ " + host.name() + ": rollover failed (" + e.getMessage()
                        + "); the session goes on, and tries again later");
            }
        } finally {
            if (w != null) {
                recovery.restored(w);
            }
        }
    }
}
