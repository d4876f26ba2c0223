package dev.tau4j.playback;

import dev.tau4j.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Playback's truncations and interruption reports, one at a time and in order on a virtual
 * thread of their own, so that the listener may make blocking session calls. Thread-safe.
 */
final class Reporter {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final Consumer<? super Interruption> listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("tau4j-playback-report").factory());
    /** Futures of {@link Playback#nextInterruption()} callers; guarded by this. */
    private final List<CompletableFuture<Interruption>> waiters = new ArrayList<>();
    /** Guarded by this. */
    private boolean closed;

    Reporter(Consumer<? super Interruption> listener) {
        this.listener = listener;
    }

    /** A future of the next interruption reported, failed when Playback closes first. */
    synchronized CompletableFuture<Interruption> next() {
        CompletableFuture<Interruption> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("playback is closed"));
        } else {
            waiters.add(f);
        }
        return f;
    }

    /** Reports {@code interruption}, after those already queued. */
    void report(Interruption interruption) {
        thread.execute(() -> deliver(interruption));
    }

    /**
     * Truncates {@code track}'s item at {@code heardMs}, then reports the interruption that
     * {@code outcome} makes of the truncation's error (null when it succeeded).
     */
    void truncate(Session session, PlaybackTrack track, long heardMs, Function<RuntimeException, Interruption> outcome) {
        thread.execute(() -> {
            RuntimeException error = null;
            try {
                session.truncate(track.itemId, track.contentIndex, heardMs);
            } catch (RuntimeException e) {
                error = e;
            }
            deliver(outcome.apply(error));
        });
    }

    /** After the reports already queued, fails the waiting futures; reports nothing more. */
    void close() {
        thread.execute(() -> {
            List<CompletableFuture<Interruption>> due;
            synchronized (this) {
                closed = true;
                due = List.copyOf(waiters);
                waiters.clear();
            }
            due.forEach(w -> w.completeExceptionally(new IllegalStateException("playback is closed")));
        });
        thread.shutdown();
    }

    private void deliver(Interruption i) {
        List<CompletableFuture<Interruption>> due;
        synchronized (this) {
            due = List.copyOf(waiters);
            waiters.clear();
        }
        if (listener != null) {
            try {
                listener.accept(i);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "τ playback: the interruption listener threw; playback goes on", e);
            }
        }
        due.forEach(f -> f.complete(i));
    }
}
