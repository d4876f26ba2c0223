package dev.tau4j.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one thread that watches every idle connection of the JVM: a platform daemon thread blocked in
 * a {@link Selector}. When a connection's socket has bytes, the loop reads them and answers pings
 * itself; a message wakes the connection's own reader. An idle connection therefore costs no thread
 * wake-up of its own per server ping, only a read and a write on this thread (see BENCHMARKS.md,
 * "Scale"). Nothing that runs here may block.
 */
final class SelectorLoop {

    /** What a registered channel's attachment does when its socket is ready. */
    interface Ready {
        void ready(SelectionKey key);

        /** The loop could not serve this connection: it must end. */
        void loopFailed(Throwable e);
    }

    private static final System.Logger LOG = System.getLogger("dev.tau4j.transport");
    private static volatile SelectorLoop shared;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** How many times the selector returned; written by the loop only (a diagnostic: an idle loop's count stands still). */
    private volatile long rounds;

    private SelectorLoop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = Thread.ofPlatform().name("tau4j-ws-selector").daemon().unstarted(this::run);
        thread.start();
    }

    /** The JVM's loop, started on first use. */
    static SelectorLoop shared() {
        SelectorLoop s = shared;
        if (s == null) {
            synchronized (SelectorLoop.class) {
                s = shared;
                if (s == null) {
                    s = new SelectorLoop();
                    shared = s;
                }
            }
        }
        return s;
    }

    Selector selector() {
        return selector;
    }

    /** How many times the selector has returned so far. */
    long rounds() {
        return rounds;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Makes a blocked select notice a change of interest made from another thread. */
    void wakeup() {
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    private void run() {
        while (true) {
            try {
                selector.select(this::dispatch);
                rounds++;
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "selector task failed", e);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "selector failed; continuing", e);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        Ready r = (Ready) key.attachment();
        try {
            r.ready(key);
        } catch (Throwable e) {
            r.loopFailed(e);
        }
    }
}
