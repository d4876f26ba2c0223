package dev.tau4j.internal.transport;

import java.security.SecureRandom;

/**
 * One connection's source of frame mask keys (RFC 6455 §5.3: unpredictable to intermediaries),
 * drawn from a shared {@link SecureRandom} 32 keys at a time. Each connection has its own, so
 * senders on different connections never wait for each other here (a lock shared by every
 * connection made a sender wait behind another connection's preempted thread, BENCHMARKS.md
 * "A heap sized for the journal"); only the refill, once per 32 frames, meets the shared source.
 * Thread-safe.
 */
final class MaskKeys {

    private static final SecureRandom SOURCE = new SecureRandom();
    private static final int KEYS = 32;

    /** Drawn on the first frame: a connection that never sends costs no buffer. */
    private byte[] keys;
    private int next;

    /** Writes the next 4-byte key at {@code dst[at..at + 3]}. */
    synchronized void next(byte[] dst, int at) {
        if (keys == null) {
            keys = new byte[KEYS * 4];
            next = keys.length;
        }
        if (next == keys.length) {
            SOURCE.nextBytes(keys);
            next = 0;
        }
        System.arraycopy(keys, next, dst, at, 4);
        next += 4;
    }
}
