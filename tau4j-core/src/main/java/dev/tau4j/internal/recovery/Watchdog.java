package dev.tau4j.internal.recovery;

import dev.tau4j.SessionState;
import dev.tau4j.internal.Threads;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.recovery.Stall;
import java.time.Duration;

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

    void tick() {
        if (recovery.stopped() || host.state() != SessionState.OPEN) {
            return;
        }
        Wire w = host.currentWire();
        long now = System.nanoTime();
        if (keepalive(w, now)) {
            return;
        }
        Duration stallTimeout = resilience.stallTimeout();
        if (stallTimeout != null && host.responseExpected()) {
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
                            + stall.silence().toMillis() + " ms while a response was expected (" + stall.responseId()
                            + "); " + stall.action());
                    Threads.VIRTUAL.execute(() -> host.stalled(w, stall));
                }
            }
        }
        Duration rolloverAt = resilience.rolloverAt();
        boolean old = rolloverAt != null && now - w.openedNanos() > rolloverAt.toNanos();
        if ((old || w.isGoingAway()) && host.journal() != null && host.naturalPause()) {
            rollover.maybeStart(now);
        }
    }

    /** Pings a silent connection; drops it when the ping went unanswered. Returns true when it dropped it. */
    private boolean keepalive(Wire w, long now) {
        Duration keepalive = resilience.keepalive();
        if (keepalive == null) {
            return false;
        }
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
            return true;
        }
        if (pinged == 0 && now - w.lastHeardNanos() > silence && w.connection() != null) {
            w.pingSent(now);
            w.connection().sendPing();
        }
        return false;
    }
}
