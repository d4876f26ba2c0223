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

    /**
     * Waits for {@code future} up to {@code timeout}. A timeout fails the future too (so a late
     * answer is dropped) and throws {@link TauTimeoutException}; a failure is rethrown as it is.
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
