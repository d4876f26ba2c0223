package dev.tau4j.internal.session;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.internal.recovery.Wire;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a session ends: closed by its user (through {@code CLOSING} to {@code CLOSED}, with the close
 * handshake), or failed (to {@code FAILED}, an error reported first). Either way every waiting call
 * and response fails, recovery stops, and no listener call follows the final state change.
 */
final class Lifecycle {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final SessionCore core;
    private final Runnable onEnded;
    /** Why the session failed; null unless it did. */
    private volatile TauException failure;

    /** {@code onEnded} runs once the session ended (the client forgets it). */
    Lifecycle(SessionCore core, Runnable onEnded) {
        this.core = core;
        this.onEnded = onEnded;
    }

    TauException failure() {
        return failure;
    }

    /**
     * Fails the session with {@code why}, reporting it to {@code onError} first when
     * {@code report}; nothing happens when the session already ended or is closing.
     */
    void fail(TauException why, boolean report) {
        boolean moved;
        core.state.lock();
        try {
            SessionState s = core.state.current();
            if (s.isFinal() || s == SessionState.CLOSING) {
                return;
            }
            failure = why;
            if (report) {
                core.dispatcher.enqueue(l -> l.onError(core.session, why), false, null);
            }
            moved = core.state.moveFromAny(SessionState.FAILED) != null;
            if (moved) {
                failAll(why);
            }
        } finally {
            core.state.unlock();
        }
        if (moved) {
            onEnded.run();
        }
    }

    /** Closes the session: the close handshake (at most {@link #CLOSE_GRACE}), then {@code CLOSED}. */
    void close() {
        if (core.state.moveFromAny(SessionState.CLOSING) == null) {
            // Already closing, closed or failed: return once the listeners have heard how it ended,
            // as after a close of our own (the reader may still be delivering FAILED).
            core.dispatcher.awaitFinished(CLOSE_GRACE);
            return;
        }
        core.accounting.beforeClose();
        core.recovery.stop();
        Wire w = core.wire;
        if (w != null && !w.ended()) {
            w.close(1000, "client closed");
            // From a listener, the reader may be the thread running us: its answer could not be read.
            if (!core.dispatcher.inCallback()) {
                try {
                    w.closed().get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    SessionCore.LOG.log(System.Logger.Level.DEBUG, "τ {0}: no close answer, dropping the connection",
                            core.name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (w != null) {
            w.abort();
        }
        closed(new ConnectionClosedException(1000, "session closed by the client", null));
        // When close() returns, the listeners have heard CLOSED (unless a listener is closing us).
        core.dispatcher.awaitFinished(CLOSE_GRACE);
    }

    /** The close handshake ended: {@code CLOSING → CLOSED}, and whatever still waits fails with {@code why}. */
    void closed(ConnectionClosedException why) {
        boolean moved;
        core.state.lock();
        try {
            moved = core.state.move(SessionState.CLOSING, SessionState.CLOSED);
            if (moved) {
                failAll(why);
            }
        } finally {
            core.state.unlock();
        }
        if (moved) {
            onEnded.run();
        }
    }

    private void failAll(TauException why) {
        core.created.completeExceptionally(why);
        core.recovery.stop();
        core.calls.failAll(why);
        for (ResponseCollector c : core.responses.running()) {
            if (c.handle() != null) {
                c.handle().fail(why);
            }
        }
        core.responses.collectors.clear();
        Wire w = core.wire;
        if (w != null) {
            w.abort();
        }
    }
}
