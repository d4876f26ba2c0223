package dev.tau4j.simulator;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What reaches a session thread from other threads: client frames from the socket's reader,
 * faults to arm, and the close and stop signals. Client frames are bounded: a session that falls
 * {@link #MAX_QUEUED_FRAMES} frames behind its client is refused more (the caller closes it), so
 * an overloaded simulator cannot fill its heap. The reader never waits: Jetty's threads are
 * shared by all sessions, and a session thread may itself be waiting for one to write. Thread-safe.
 */
final class Inbox {
    /** Client frames a session may fall behind: 40 s of 20 ms appends. */
    static final int MAX_QUEUED_FRAMES = 2048;

    record Text(String text) {}

    record Binary(int length) {}

    record Arm(Fault fault) {}

    enum Signal { CLOSED, STOP }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger frames = new AtomicInteger();

    /** Queues a client frame ({@link Text} or {@link Binary}); false, and nothing queued, when {@link #MAX_QUEUED_FRAMES} wait. */
    boolean addFrame(Object frame) {
        if (frames.incrementAndGet() > MAX_QUEUED_FRAMES) {
            frames.decrementAndGet();
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** Drops everything queued (the session ended). */
    void clear() {
        queue.clear();
        frames.set(0);
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
            frames.decrementAndGet();
        }
        return in;
    }
}
