package dev.tau4j.internal.recovery;

import java.util.List;

/**
 * The input audio appended since the last commit, as the journal keeps it to send again on a new
 * connection, with where the server's VAD said speech ended. Bounded by {@code maxBytes}: past it
 * the oldest audio goes (uncommitted audio before any speech is mostly silence), an even number of
 * bytes at a time so that samples stay whole; a single append larger than the bound is kept whole.
 *
 * <p>The bytes live in one ring per session that appends copy into (the caller may reuse its
 * array) and commits copy out of, into pooled blocks ({@link HeldAudio}), instead of an array per
 * append that lives until the commit: at hundreds of streaming sessions those short-lived copies
 * were half of what the journal allocated (BENCHMARKS.md, "A heap sized for the journal").
 * The ring grows to the longest turn and is let go when a commit or clear empties it past
 * {@link #KEEP_CAPACITY}. Not thread-safe: the {@link ConversationJournal} that owns it guards it
 * with its own monitor.
 */
final class InputBuffer {

    /** The first ring: about 1.4 s of 24 kHz PCM16. */
    private static final int FIRST_CAPACITY = 64 * 1024;
    /** An emptied ring larger than this is let go (1 MiB, about 22 s at 24 kHz). */
    private static final int KEEP_CAPACITY = 1024 * 1024;
    private static final byte[] NONE = new byte[0];

    private final long maxBytes;
    private final int bytesPerMs;
    private final HeldAudio.Pool pool;
    private byte[] ring = NONE;
    /** Where the oldest kept byte is in {@link #ring}. */
    private int head;
    private int size;
    /** Bytes this connection received before the first kept byte (the server buffer's offset). */
    private long offset;
    /** Where VAD last heard speech end, in ms of this connection's input, or -1. */
    private long speechEndMs = -1;

    InputBuffer(long maxBytes, int bytesPerMs) {
        this(maxBytes, bytesPerMs, HeldAudio.Pool.SHARED);
    }

    /** A buffer whose commits take their blocks from {@code pool}. */
    InputBuffer(long maxBytes, int bytesPerMs, HeldAudio.Pool pool) {
        this.pool = pool;
        this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE / 2);   // one array holds it all
        this.bytesPerMs = Math.max(1, bytesPerMs);
    }

    long bytes() {
        return size;
    }

    /** Keeps a copy of {@code chunk}; false (and nothing kept) when full and {@code refuseWhenFull}. */
    boolean append(byte[] chunk, boolean refuseWhenFull) {
        int n = chunk.length;
        if (n == 0) {
            return true;
        }
        if (refuseWhenFull && (long) size + n > maxBytes) {
            return false;
        }
        if (n >= maxBytes) {   // larger than the bound on its own: it alone is kept, whole
            drop(size);
        } else if ((long) size + n > maxBytes) {
            long excess = (long) size + n - maxBytes;
            drop((int) Math.min(size, excess + (excess & 1)));
        }
        ensureRoom(n);
        int tail = (head + size) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(chunk, 0, ring, tail, first);
        System.arraycopy(chunk, first, ring, 0, n - first);
        size += n;
        return true;
    }

    void speechStopped(long audioEndMs) {
        speechEndMs = audioEndMs;
    }

    /** The committed audio, in pooled blocks: up to the last speech end (server VAD), or all of it (a manual commit). */
    HeldAudio commit() {
        long take = size;
        if (speechEndMs >= 0) {
            take = Math.max(0, Math.min(size, speechEndMs * bytesPerMs - offset));
            take -= take % 2;
            speechEndMs = -1;
        }
        HeldAudio out = HeldAudio.allocate((int) take, pool);
        int start = head;
        int first = (int) Math.min(take, ring.length - start);
        out.write(0, ring, start, first);
        out.write(first, ring, 0, (int) take - first);
        drop((int) take);
        return out;
    }

    void clear() {
        drop(size);
    }

    /** A new connection: its buffer starts empty, and what is kept here is sent to it first. */
    List<byte[]> forNewConnection() {
        offset = 0;
        speechEndMs = -1;
        return size == 0 ? List.of() : List.of(copy(size));
    }

    /** The oldest {@code n} kept bytes, in a new array. */
    private byte[] copy(int n) {
        byte[] out = new byte[n];
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        return out;
    }

    /** Forgets the oldest {@code n} kept bytes. */
    private void drop(int n) {
        if (n == 0) {
            return;
        }
        head = (head + n) % ring.length;
        size -= n;
        offset += n;
        if (size == 0) {
            head = 0;
            if (ring.length > KEEP_CAPACITY) {
                ring = NONE;
            }
        }
    }

    private void ensureRoom(int n) {
        if ((long) size + n <= ring.length) {
            return;
        }
        long wanted = Math.max((long) size + n, Math.max(FIRST_CAPACITY, 2L * ring.length));
        byte[] grown = new byte[(int) Math.min(Integer.MAX_VALUE - 8, wanted)];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, grown, 0, first);
        System.arraycopy(ring, 0, grown, first, size - first);
        ring = grown;
        head = 0;
    }
}
