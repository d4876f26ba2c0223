package dev.tau4j.internal.recovery;

import dev.tau4j.SessionState;
import dev.tau4j.internal.Threads;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.recovery.Stall;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs on the shared timer, a few times per keepalive or stall period: pings a silent connection
 * and drops it when the ping goes unanswered, reports a stall when a response is expected and the
 * server is silent, and starts a rollover at a pause once the connection is old enough. Never
 * blocks: what may block goes to a virtual thread.
 */
final class Watchdog {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final Recovery recovery;
    private final RecoveryHost host;
    private final Resilience resilience;
    private final RecoveryCounters counters;
    private final Rollover rollover;
    /** When a response was last asked for or started: the stall clock starts no earlier. */
    private volatile long expectingSinceNanos;
    /** The wire of the last check, or null to check at the next tick. Timer-thread confined. */
    private Wire checkedWire;
    /** Before this time (System.nanoTime) nothing is due on {@link #checkedWire}. Timer-thread confined. */
    private long nextCheckNanos;

    Watchdog(Recovery recovery, RecoveryHost host, Resilience resilience, RecoveryCounters counters, Rollover rollover) {
        this.recovery = recovery;
        this.host = host;
        this.resilience = resilience;
        this.counters = counters;
        this.rollover = rollover;
    }

    /** The tick period in milliseconds, or 0 when there is nothing to watch. */
    long period(boolean journalled) {
        long period = Long.MAX_VALUE;
        if (resilience.keepalive() != null) {
            period = Math.min(period, resilience.keepalive().toMillis() / 4);
        }
        if (resilience.stallTimeout() != null) {
            period = Math.min(period, resilience.stallTimeout().toMillis() / 4);
        }
        if (resilience.sessionCap() != null && journalled) {
            period = Math.min(period, 1000);
        }
        return period == Long.MAX_VALUE ? 0 : Math.max(20, Math.min(1000, period));
    }

    void expecting() {
        expectingSinceNanos = System.nanoTime();
    }

    /**
     * Runs on the shared timer ({@link Ticker}) when the last check said something could be due, or
     * when poked (the server is going away). A check computes when something can next be due on the
     * current wire (the unanswered ping's deadline, the keepalive's, the stall's, the rollover's) and
     * returns it; an idle session that hears the server's pings is then checked every few seconds, not
     * every period. Nothing arriving can make anything due earlier (a request or an event only
     * restarts a clock; a new connection is fresh), except a server going away, which pokes.
     */
    long tick(long now) {
        Wire w = host.currentWire();
        if (w == checkedWire && now - nextCheckNanos < 0 && !w.isGoingAway()) {
            return nextCheckNanos;
        }
        checkedWire = null;
        if (recovery.stopped() || host.state() != SessionState.OPEN || w == null) {
            return now;   // again at the next period
        }
        long next = check(w, now);
        if (next - now > 0) {
            checkedWire = w;
            nextCheckNanos = next;
        }
        return next;
    }

    /** Acts on what is due on {@code w}; returns the earliest time anything can be due next. */
    private long check(Wire w, long now) {
        long next = now + TimeUnit.DAYS.toNanos(1);
        Duration keepalive = resilience.keepalive();
        if (keepalive != null) {
            long k = keepalive.toNanos();
            long pinged = w.pingSentNanos();
            // A server that pings by itself keeps proving the connection alive: ping only when its own
            // ping is overdue, so that idle sessions send nothing while the server's pings arrive.
            long serverInterval = w.serverPingIntervalNanos();
            long silence = serverInterval > 0 ? serverInterval + k : k;
            if (pinged != 0 && now - pinged > k) {
                w.pingSent(0);
                String why = "no answer to a keepalive ping in " + keepalive.toMillis() + " ms";
                LOG.log(System.Logger.Level.WARNING, () -> "τ " + host.name() + ": " + why + "; the connection is dead");
                Threads.VIRTUAL.execute(() -> w.drop(why));
                return now;
            }
            if (pinged == 0 && now - w.lastHeardNanos() > silence) {
                if (w.connection() != null) {
                    w.pingSent(now);
                    w.connection().sendPing();
                    next = Math.min(next, now + k + 1);
                } else {
                    next = now;
                }
            } else {
                // Anything heard meanwhile only moves these later: the check then finds nothing due.
                next = Math.min(next, pinged != 0 ? pinged + k + 1 : w.lastHeardNanos() + silence + 1);
            }
        }
        Duration stallTimeout = resilience.stallTimeout();
        if (stallTimeout != null) {
            // A response that is not expected now can stall no earlier than one stall timeout from now
            // (its request or its first event restarts the clock), so that bounds the next check.
            next = Math.min(next, now + stallTimeout.toNanos());
            if (host.responseExpected()) {
                long since = expectingSinceNanos;
                long silence = now - Math.max(w.lastEventNanos(), since);
                if (silence > stallTimeout.toNanos()) {
                    String responseId = host.stalledResponseId();
                    String key = responseId == null ? "request@" + since : responseId;
                    if (!key.equals(w.stallReported())) {
                        w.stallReported(key);
                        Stall stall = new Stall(responseId, Duration.ofNanos(silence), resilience.stallAction());
                        counters.stall();
                        LOG.log(System.Logger.Level.WARNING, () -> "τ " + host.name() + ": no server event for "
                                + stall.silence().toMillis() + " ms while a response was expected ("
                                + stall.responseId() + "); " + stall.action());
                        Threads.VIRTUAL.execute(() -> host.stalled(w, stall));
                    }
                } else {
                    next = Math.min(next, Math.max(w.lastEventNanos(), since) + stallTimeout.toNanos() + 1);
                }
            }
        }
        Duration rolloverAt = resilience.rolloverAt();
        if (host.journal() != null && (rolloverAt != null || w.isGoingAway())) {
            long at = rolloverAt == null ? Long.MAX_VALUE : w.openedNanos() + rolloverAt.toNanos();
            if (w.isGoingAway() || (rolloverAt != null && now - at > 0)) {
                if (host.naturalPause()) {
                    rollover.maybeStart(now);
                }
                return now;   // old enough, or the server is going away: look for a pause at every tick
            }
            next = Math.min(next, at + 1);
        }
        return next;
    }
}
