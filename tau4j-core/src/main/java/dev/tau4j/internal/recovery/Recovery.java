package dev.tau4j.internal.recovery;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.TauException;
import dev.tau4j.internal.Threads;
import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a session connected: reconnects and replays after a loss ({@link Reconnector}), rolls
 * over to a fresh connection before the session cap ({@link Rollover}), watches for stalls and dead
 * connections ({@link Watchdog}), and closes the session at its time-to-live.
 *
 * <p>It sees the session only through {@link RecoveryHost}. Its own state is {@link #stopped}
 * (volatile, set once) and the timers; the reconnect and the rollover each run on a virtual thread
 * of their own; a rollover does not switch once the session is no longer open.
 */
public final class Recovery {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final RecoveryHost host;
    private final Resilience resilience;
    private final ReconnectPolicy policy;
    private final RecoveryCounters counters;
    private final Reconnector reconnector;
    private final Rollover rollover;
    private final Watchdog watchdog;
    /** Set once when the session ends; read by every thread of the recovery. */
    private volatile boolean stopped;
    /** Held by a rollover while it runs: one at a time. */
    final AtomicBoolean rolling = new AtomicBoolean();
    /** Connections being restored (by a reconnect or a rollover), dropped if the session stops meanwhile. */
    private final Set<Wire> candidates = ConcurrentHashMap.newKeySet();
    /** Stops the watchdog's ticks; null until started. */
    private volatile Ticker.Handle ticker;
    private volatile ScheduledFuture<?> timeToLive;

    public Recovery(RecoveryHost host, Resilience resilience, RecoveryCounters counters) {
        this.host = host;
        this.resilience = resilience;
        this.policy = resilience.reconnect();
        this.counters = counters;
        Restorer restorer = new Restorer(host);
        this.reconnector = new Reconnector(this, host, policy, counters, restorer);
        this.rollover = new Rollover(this, host, counters, restorer);
        this.watchdog = new Watchdog(this, host, resilience, counters, rollover);
    }

    /** The session opened: start the watchdog (keepalive, stalls, rollover) and the time-to-live. */
    public void started() {
        long period = watchdog.period(host.journal() != null);
        if (period > 0) {
            ticker = Ticker.every(period, watchdog::tick);
        }
        Duration ttl = resilience.timeToLive();
        if (ttl != null) {
            timeToLive = Threads.TIMER.schedule(() -> Threads.VIRTUAL.execute(() -> {
                LOG.log(System.Logger.Level.INFO, "τ {0}: time-to-live of {1} reached; closing", host.name(), ttl);
                host.expire();
            }), ttl.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The session ends: no more reconnects, timers off, a connection being restored is dropped. */
    public void stop() {
        stopped = true;
        Ticker.Handle stopTicks = ticker;
        if (stopTicks != null) {
            stopTicks.cancel();
        }
        ScheduledFuture<?> t = timeToLive;
        if (t != null) {
            t.cancel(false);
        }
        candidates.forEach(Wire::abort);
    }

    boolean stopped() {
        return stopped;
    }

    /** {@code w} is being restored: it is dropped if the session stops before it is adopted. */
    void restoring(Wire w) {
        candidates.add(w);
        if (stopped) {
            w.abort();
        }
    }

    void restored(Wire w) {
        candidates.remove(w);
    }

    public RecoveryStats stats() {
        return counters.snapshot();
    }

    /** Whether a loss of the connection with {@code failure} is recovered (recovery on, retryable). */
    public boolean canRecover(TauException failure) {
        return !stopped && host.journal() != null && policy.enabled() && policy.retryable().test(failure);
    }

    /** The current connection was lost: the session reconnects, unless it was not open. */
    public void connectionLost(ConnectionClosedException failure) {
        if (stopped || !host.beginOutage(failure)) {
            return;
        }
        counters.failure(failure.getMessage());
        reconnector.start(failure);
    }

    /**
     * The server will end {@code w} in {@code timeLeft} (Gemini's {@code goAway}): when it is the
     * current connection, a rollover starts now and is retried at every pause until it switched;
     * if the cut comes first, the reconnect takes over.
     */
    public void goAway(Wire w, Duration timeLeft) {
        if (stopped || host.journal() == null || w != host.currentWire()) {
            return;
        }
        w.goingAway();
        Ticker.Handle t = ticker;
        if (t != null) {
            t.poke();   // look for a pause at every tick from now on
        }
        rollover.start();
    }

    /** A response was asked for: it is expected from now on (the stall clock starts no earlier). */
    public void responseRequested() {
        watchdog.expecting();
    }

    /** A response started. */
    public void responseStarted() {
        watchdog.expecting();
    }
}
