package dev.tau4j.internal.recovery;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ConnectionException;
import dev.tau4j.TauException;
import dev.tau4j.recovery.ReconnectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Reconnects after a loss: waits the backoff, connects, restores the conversation, and has the
 * session adopt the new connection; or gives up after the policy's attempts and fails the session
 * with the first close (its code) and the last attempt's failure.
 */
final class Reconnector {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final Recovery recovery;
    private final RecoveryHost host;
    private final ReconnectPolicy policy;
    private final RecoveryCounters counters;
    private final Restorer restorer;

    Reconnector(Recovery recovery, RecoveryHost host, ReconnectPolicy policy, RecoveryCounters counters, Restorer restorer) {
        this.recovery = recovery;
        this.host = host;
        this.policy = policy;
        this.counters = counters;
        this.restorer = restorer;
    }

    void start(ConnectionClosedException failure) {
        Instant outageStart = policy.clock().instant();
        // A rollover running now ends by itself: the session is no longer OPEN, so it will not switch.
        Thread.ofVirtual().name("tau4j-recover-" + host.name()).start(() -> run(failure, outageStart));
    }

    private void run(ConnectionClosedException failure, Instant outageStart) {
        TauException last = failure;
        int attempt = 0;
        while (!recovery.stopped() && attempt < policy.maxAttempts()) {
            attempt++;
            try {
                policy.sleeper().sleep(policy.delayBefore(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (recovery.stopped()) {
                return;
            }
            counters.attempt();
            Wire w = null;
            try {
                w = host.connectWire();
                recovery.restoring(w);
                Set<String> replayed = restorer.restore(w);
                Duration[] outage = new Duration[1];
                boolean resumed = w.dialect().resumed();
                // Counted as the session switches, before anything is resent: a response asked for
                // again may complete on the new connection right after.
                if (host.adopt(w, replayed, w.restored().getNow(null), () -> {
                    outage[0] = Duration.between(outageStart, policy.clock().instant());
                    counters.recovered(outage[0], replayed.size());
                    counters.restored(resumed);
                })) {
                    int n = attempt;
                    LOG.log(System.Logger.Level.INFO, () -> "τ " + host.name() + ": recovered in " + outage[0].toMillis()
                            + " ms (attempt " + n + "), " + (resumed ? "resumed the server's conversation" : "replayed " + replayed.size()
                            + " items"));
                }
                return;
            } catch (TauException e) {
                if (w != null) {
                    w.abort();
                }
                last = e;
                int n = attempt;
                LOG.log(System.Logger.Level.INFO, () -> "τ " + host.name() + ": reconnect attempt " + n + " failed: "
                        + e.getMessage());
                if (!policy.retryable().test(e)) {
                    break;
                }
            } finally {
                if (w != null) {
                    recovery.restored(w);
                }
            }
        }
        if (recovery.stopped()) {
            return;
        }
        TauException reported = policy.retryable().test(last)
                ? new ConnectionException("Session '" + host.name() + "' lost its connection (close " + failure.closeCode()
                        + (failure.reason().isEmpty() ? "" : ": " + failure.reason()) + ") and could not reconnect in "
                        + attempt + " attempts; the last failure: " + last.getMessage(), last)
                : last;
        LOG.log(System.Logger.Level.WARNING, () -> "τ " + host.name() + ": " + reported.getMessage());
        host.failed(reported);
    }
}
