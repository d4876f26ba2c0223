package dev.tau4j.internal.session;

import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers every listener call of one session, one at a time, in the order they were submitted,
 * whatever thread submitted them (the reader, a user closing the session, the recovery, a timer).
 *
 * <p>There is no thread of its own: the thread that submits a call runs the queue unless another
 * thread already does, in which case that thread runs it too, after what it is running. Listeners
 * therefore never run concurrently for one session, and a slow listener slows the thread that
 * delivers (usually the reader: back-pressure onto the socket). Once a final call is queued (the
 * change into {@code CLOSED} or {@code FAILED}), nothing more is accepted.
 *
 * <p>The queue holds at most {@link #CAPACITY} calls; past that a call is dropped and counted
 * (a listener that blocks for minutes while the server streams; it never happens to a listener
 * that keeps the threading contract).
 */
final class ListenerDispatcher {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    static final int CAPACITY = 65_536;

    private final Session session;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    /** Calls not yet delivered. Guarded by {@code this}. */
    private final ArrayDeque<Consumer<SessionListener>> queue = new ArrayDeque<>();
    /** Set when the final call was queued; guarded by {@code this}. */
    private boolean sealed;
    /** Run once after the final call was delivered (closes the session's streams). */
    private Runnable afterFinal;
    private final AtomicBoolean running = new AtomicBoolean();
    /**
     * The thread delivering this session's calls, while one does. A field, not a thread-local: a
     * reader that delivers for one session at a time would otherwise make a map entry per message,
     * and a listener that delivers another session's calls would clear this one's mark.
     */
    private volatile Thread runner;
    /** Counted down once the final call and what follows it ran. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private long dropped;

    ListenerDispatcher(Session session, List<SessionListener> initial) {
        this.session = session;
        this.listeners.addAll(initial);
    }

    AutoCloseable add(SessionListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Whether the current thread is delivering this session's listener calls. */
    boolean inCallback() {
        return runner == Thread.currentThread();
    }

    /** Queues {@code call} for every listener and delivers what is queued, unless another thread does. */
    void submit(Consumer<SessionListener> call) {
        if (enqueue(call, false, null)) {
            drain();
        }
    }

    /**
     * Queues {@code call} without delivering it: the caller holds a lock that listeners must not
     * run under, and calls {@link #drain()} when it has released it.
     */
    boolean enqueue(Consumer<SessionListener> call, boolean last, Runnable thenRun) {
        synchronized (this) {
            if (sealed) {
                return false;
            }
            if (last) {
                sealed = true;
                afterFinal = thenRun;
            }
            if (!listeners.isEmpty()) {
                if (queue.size() >= CAPACITY && !last) {
                    dropped++;
                    if (dropped == 1 || dropped % 10_000 == 0) {
                        LOG.log(System.Logger.Level.WARNING, "τ {0}: a listener is blocking its session; {1} calls"
                                + " dropped", session.name(), dropped);
                    }
                    return false;
                }
                queue.add(call);
            }
            return true;
        }
    }

    /** Delivers what is queued, unless another thread is delivering (it will deliver it). */
    void drain() {
        if (runner == Thread.currentThread()) {
            return;   // a listener's own call: the loop below picks it up when the listener returns
        }
        while (running.compareAndSet(false, true)) {
            runner = Thread.currentThread();
            Runnable finish = null;
            try {
                Consumer<SessionListener> call;
                while ((call = next()) != null) {
                    deliver(call);
                }
                synchronized (this) {
                    if (sealed && queue.isEmpty() && afterFinal != null) {
                        finish = afterFinal;
                        afterFinal = null;
                    }
                }
            } finally {
                runner = null;
                running.set(false);
            }
            if (finish != null) {
                try {
                    finish.run();
                } finally {
                    finished.countDown();
                }
            }
            synchronized (this) {
                if (queue.isEmpty() && (afterFinal == null || !sealed)) {
                    return;
                }
            }
        }
    }

    /**
     * Waits up to {@code timeout} until the final call was delivered (a thread other than this one
     * may be delivering it). Returns at once when called from a listener.
     */
    void awaitFinished(Duration timeout) {
        if (inCallback()) {
            return;
        }
        try {
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Consumer<SessionListener> next() {
        return queue.poll();
    }

    private void deliver(Consumer<SessionListener> call) {
        for (SessionListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "τ " + session.name() + ": a listener threw; the session goes on", e);
            }
        }
    }
}
