package dev.tau4j.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What reaches a session thread from other threads: client frames from the socket's reader,
 * faults to arm, and the close and stop signals. Client frames are bounded: a session that falls
 * {@link #MAX_QUEUED_FRAMES} frames behind its client is refused more (the caller closes it), so
 * an overloaded simulator cannot fill its heap. The reader never waits: Jetty's threads are
 * shared by all sessions, and a session thread may itself be waiting for one to write.
 *
 * <p>Appends may be queued without waking the session ({@link #quietAppends(boolean)}), when the
 * session said that an append cannot make it send anything (no server VAD, no faults, no
 * recording): they are then read with the next frame that wakes it, the next event it sends, or
 * once {@link #QUIET_APPENDS} are waiting. A wake-up per 20 ms append was the largest cost left
 * in the simulator under load. Thread-safe; one consumer.
 */
final class Inbox {
    /** Client frames a session may fall behind: 40 s of 20 ms appends. */
    static final int MAX_QUEUED_FRAMES = 2048;
    /** Frames after which a quiet append wakes the session anyway: 0.5 s of 20 ms appends. */
    static final int QUIET_APPENDS = 25;

    record Text(String text) {}

    /** An {@code input_audio_buffer.append} in its usual form: the frame's ASCII bytes and its decoded audio. */
    record Append(byte[] frame, byte[] audio) {}

    record Binary(int length) {}

    record Arm(Fault fault) {}

    enum Signal { CLOSED, STOP }

    /** Strict UTF-8 for the client's text; used by the socket's callbacks, one at a time. */
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger frames = new AtomicInteger();
    /** The consumer while it parks in {@link #poll(long)}, else null. */
    private volatile Thread waiter;
    /** Set by the consumer: an {@link Append} need not wake it. */
    private volatile boolean quietAppends;

    /** Queues a client frame ({@link Text}, {@link Append} or {@link Binary}); false, and nothing queued, when {@link #MAX_QUEUED_FRAMES} wait. */
    boolean addFrame(Object frame) {
        int n = frames.incrementAndGet();
        if (n > MAX_QUEUED_FRAMES) {
            frames.decrementAndGet();
            return false;
        }
        queue.add(frame);
        if (!(frame instanceof Append && quietAppends && n < QUIET_APPENDS)) {
            wake();
        }
        return true;
    }

    /** Whether appends may wait for the next wake-up; the consumer's call. */
    void quietAppends(boolean quiet) {
        if (quietAppends != quiet) {
            quietAppends = quiet;
        }
    }

    /**
     * A client text frame as the session thread takes it: an {@code input_audio_buffer.append} in its
     * usual form read straight from the bytes ({@link Append}), else the strictly decoded text
     * ({@link Text}); null when the bytes are not UTF-8. Called by the socket's callbacks, one at a time.
     */
    Object textFrame(byte[] bytes) {
        byte[] audio = InputAudio.fastAppend(bytes);
        if (audio != null) {
            return new Append(bytes, audio);
        }
        try {
            return new Text(utf8.decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Drops everything queued (the session ended). */
    void clear() {
        queue.clear();
        frames.set(0);
    }

    void add(Object signalOrArm) {
        queue.add(signalOrArm);
        wake();
    }

    private void wake() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** The next item, or null when none arrived within {@code nanos} (or, rarely, earlier). */
    Object poll(long nanos) throws InterruptedException {
        Object in = queue.poll();
        if (in != null || nanos <= 0) {
            return taken(in);
        }
        waiter = Thread.currentThread();
        try {
            in = queue.poll();
            if (in == null) {
                LockSupport.parkNanos(this, nanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                in = queue.poll();
            }
            return taken(in);
        } finally {
            waiter = null;
        }
    }

    /** The next item, or null when none is waiting. */
    Object poll() {
        return taken(queue.poll());
    }

    private Object taken(Object in) {
        if (in instanceof Text || in instanceof Append || in instanceof Binary) {
            frames.decrementAndGet();
        }
        return in;
    }
}
