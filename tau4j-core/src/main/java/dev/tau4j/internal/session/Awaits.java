package dev.tau4j.internal.session;

import dev.tau4j.TauException;
import dev.tau4j.TauTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The session's blocking calls wait here: with a timeout, never from inside a listener. */
final class Awaits {

    private Awaits() {
    }

    /** The stack of the thread that waited: attached to a failure made on another thread. */
    static final class CallSite extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallSite(String what) {
            super("the call that failed was waiting here for " + what);
        }
    }

    /**
     * Waits for {@code future} up to {@code timeout}. A timeout fails the future too (so a late
     * answer is dropped) and throws {@link TauTimeoutException}; a failure is rethrown with this
     * thread's stack attached as a suppressed exception, so a stack trace shows the user's call.
     */
    static <T> T await(SessionCore core, CompletableFuture<T> future, Duration timeout, String what) {
        if (core.dispatcher.inCallback()) {
            throw new IllegalStateException("Blocking call (waiting for " + what + ") made from a listener of session '"
                    + core.name + "': listener calls are delivered one at a time, so it could block the session's"
                    + " events. Use requestResponse(...) and its future, or call from another thread.");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            TauTimeoutException timeoutException = new TauTimeoutException(what, timeout);
            future.completeExceptionally(timeoutException);
            throw timeoutException;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TauException te) {
                // The failure was made on the reader (or a timer); this records which call of the user's failed.
                te.addSuppressed(new CallSite(what));
                throw te;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new TauException("Failed waiting for " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TauException("Interrupted while waiting for " + what, e);
        }
    }
}
