package dev.tau4j.internal.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a {@link WebSocketConnection}: a queue of whole frames and a virtual thread
 * that writes them, started when a frame arrives and ended when the queue is empty (an idle
 * connection has no writer). Small frames queued together go out in one write. Thread-safe.
 */
final class FrameWriter {

    /** Frames up to this size are copied into one write with their neighbours. */
    private static final int COALESCE = 4 * 1024;
    private static final ThreadFactory WRITERS = Thread.ofVirtual().name("tau4j-ws-writer").factory();

    private final OutputStream out;
    /** Called when a write fails: the connection is closed. */
    private final Runnable onFailure;
    /** The running writer, or null when none runs; guarded by lock. */
    private Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** Frames waiting for the writer; guarded by lock. */
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    /** A close frame is queued: nothing may follow it; guarded by lock. */
    private boolean closeQueued;
    /** The writer exits once the queue is empty; guarded by lock. */
    private boolean stopWriter;

    private record Outgoing(byte[] frame, CompletableFuture<Void> done, boolean close) {
    }

    FrameWriter(OutputStream out, Runnable onFailure) {
        this.out = out;
        this.onFailure = onFailure;
    }

    /**
     * Answers a ping. On an idle connection (no writer running, nothing queued) the reader writes
     * the small pong itself, holding the lock so that no frame can start meanwhile: an idle session
     * answering the server's keepalive then wakes no writer thread.
     */
    void pong(byte[] frame) {
        lock.lock();
        try {
            if (writer == null && queue.isEmpty() && !closeQueued && !stopWriter) {
                try {
                    out.write(frame);
                } catch (IOException e) {
                    // The reader will see the connection end on its next read.
                    onFailure.run();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        enqueue(frame, true, false);
    }

    /**
     * Queues {@code frame} (first when {@code urgent}); a {@code close} frame is the last one
     * accepted. The future completes once the frame was written, or fails when it cannot be.
     */
    CompletableFuture<Void> enqueue(byte[] frame, boolean urgent, boolean close) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closeQueued || stopWriter) {
                if (close) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new IOException("WebSocket is closing"));
                }
                return done;
            }
            Outgoing o = new Outgoing(frame, done, close);
            if (urgent) {
                queue.addFirst(o);
            } else {
                queue.addLast(o);
            }
            closeQueued = close;
            if (writer == null) {
                writer = WRITERS.newThread(this::writeLoop);
                writer.start();
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    private void writeLoop() {
        List<Outgoing> taken = new ArrayList<>();
        byte[] batch = null;
        try {
            while (true) {
                lock.lock();
                try {
                    if (queue.isEmpty()) {
                        writer = null;
                        return;
                    }
                    taken.addAll(queue);
                    queue.clear();
                } finally {
                    lock.unlock();
                }
                int filled = 0;
                for (Outgoing o : taken) {
                    byte[] f = o.frame;
                    if (f.length <= COALESCE && taken.size() > 1) {
                        if (batch == null) {
                            batch = new byte[4 * COALESCE];
                        }
                        if (filled + f.length > batch.length) {
                            out.write(batch, 0, filled);
                            filled = 0;
                        }
                        System.arraycopy(f, 0, batch, filled, f.length);
                        filled += f.length;
                    } else {
                        if (filled > 0) {
                            out.write(batch, 0, filled);
                            filled = 0;
                        }
                        out.write(f);
                    }
                }
                if (filled > 0) {
                    out.write(batch, 0, filled);
                }
                for (Outgoing o : taken) {
                    o.done.complete(null);
                }
                taken.clear();
            }
        } catch (IOException failure) {
            taken.forEach(o -> o.done.completeExceptionally(failure));
            lock.lock();
            try {
                stopWriter = true;
                queue.forEach(o -> o.done.completeExceptionally(failure));
                queue.clear();
            } finally {
                lock.unlock();
            }
            onFailure.run();
        }
    }

    /** Lets the writer send what is queued (a close frame, typically), within a bound, then stops it. */
    void stop() {
        Thread running;
        lock.lock();
        try {
            stopWriter = true;
            running = writer;
        } finally {
            lock.unlock();
        }
        try {
            if (running != null) {
                running.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails the frames not yet taken by the writer with {@code why}, and forgets them. */
    void dropQueued(IOException why) {
        List<Outgoing> unsent;
        lock.lock();
        try {
            unsent = List.copyOf(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        unsent.forEach(o -> o.done.completeExceptionally(why));
    }
}
