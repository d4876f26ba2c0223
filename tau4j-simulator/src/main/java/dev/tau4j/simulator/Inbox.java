package dev.tau4j.simulator;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What reaches a session thread from other threads: client frames from the socket's reader,
 * faults to arm, and the close and stop signals. Client frames are bounded: past {@link
 * #MAX_QUEUED_FRAMES} waiting, the reader blocks (so TCP slows the client down instead of the
 * heap filling up). Thread-safe.
 */
final class Inbox {
    /** Client frames queued before the socket's reader waits for the session thread. */
    static final int MAX_QUEUED_FRAMES = 256;

    record Text(String text) {}

    record Binary(int length) {}

    record Arm(Fault fault) {}

    enum Signal { CLOSED, STOP }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Permits for client frames in the queue: taken by the reader, returned when the session thread takes the frame. */
    private final Semaphore room = new Semaphore(MAX_QUEUED_FRAMES);

    /**
     * Queues a client frame ({@link Text} or {@link Binary}), waiting up to 30 s for room; false
     * when the session thread made none (the caller drops the connection).
     */
    boolean offerFrame(Object frame) {
        try {
            if (room.tryAcquire(30, TimeUnit.SECONDS)) {
                queue.add(frame);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    void add(Object signalOrArm) {
        queue.add(signalOrArm);
    }

    /** The next item, or null when none arrives within {@code nanos}. */
    Object poll(long nanos) throws InterruptedException {
        return taken(queue.poll(nanos, TimeUnit.NANOSECONDS));
    }

    /** The next item, or null when none is waiting. */
    Object poll() {
        return taken(queue.poll());
    }

    private Object taken(Object in) {
        if (in instanceof Text || in instanceof Binary) {
            room.release();
        }
        return in;
    }
}
