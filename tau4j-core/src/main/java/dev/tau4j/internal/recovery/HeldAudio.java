package dev.tau4j.internal.recovery;

import java.util.ArrayDeque;
import java.util.Base64;

/**
 * User audio the journal holds for replay: a committed turn in fixed-size blocks that are taken
 * from, and given back to, one pool shared by every session, or a whole array the client sent
 * inline with an item.
 *
 * <p>Why blocks: each committed turn is held for minutes ({@code journalAudioAge}) and then let
 * go. As one new array per turn, that was a steady stream of large arrays for the collector to
 * copy into the old generation and later reclaim, about a quarter of what a streaming client
 * allocated (BENCHMARKS.md, "Sending without an array per frame"). Blocks given back when a turn's
 * audio is dropped are taken again by the next commit, so a session in steady state allocates
 * nothing here. The pool keeps at most {@link #POOL_BLOCKS} free blocks (16 MiB); past that, given
 * blocks are left to the collector.
 *
 * <p>Not thread-safe: the {@link ConversationJournal} that owns one guards it. {@link #release()}
 * is idempotent; after it the audio is gone (length 0).
 */
final class HeldAudio {

    /** Block size: 16 KiB, a third of a second of 24 kHz PCM16; a turn wastes less than one. */
    static final int BLOCK = 16 * 1024;
    /** Free blocks the shared pool keeps for the next commits. */
    static final int POOL_BLOCKS = 1024;

    /** Free blocks of {@link #BLOCK} bytes, at most {@code max}. Thread-safe. */
    static final class Pool {
        /** The one every journal uses. */
        static final Pool SHARED = new Pool(POOL_BLOCKS);

        private final ArrayDeque<byte[]> free = new ArrayDeque<>();
        private final int max;
        private long created;

        Pool(int max) {
            this.max = max;
        }

        /** Fills {@code dst} with blocks, free ones first. */
        void take(byte[][] dst) {
            int i = 0;
            synchronized (this) {
                for (; i < dst.length && !free.isEmpty(); i++) {
                    dst[i] = free.pop();
                }
                created += dst.length - i;
            }
            for (; i < dst.length; i++) {
                dst[i] = new byte[BLOCK];
            }
        }

        synchronized void give(byte[][] blocks) {
            for (int i = 0; i < blocks.length && free.size() < max; i++) {
                free.push(blocks[i]);
            }
        }

        /** Free blocks now. */
        synchronized int free() {
            return free.size();
        }

        /** Blocks this pool had to create (none was free). */
        synchronized long created() {
            return created;
        }
    }

    /** Pooled blocks, or one array of exactly {@link #length} bytes when not pooled; null once released. */
    private byte[][] blocks;
    private final int length;
    /** Where the blocks go back to; null when not pooled. */
    private final Pool pool;

    private HeldAudio(byte[][] blocks, int length, Pool pool) {
        this.blocks = blocks;
        this.length = length;
        this.pool = pool;
    }

    /** Holds {@code audio} itself (not pooled: the caller gives it up). */
    static HeldAudio of(byte[] audio) {
        return new HeldAudio(new byte[][] {audio}, audio.length, null);
    }

    /** Blocks from {@code pool} for {@code length} bytes, to be filled by the caller through {@link #blocks()}. */
    static HeldAudio allocate(int length, Pool pool) {
        byte[][] b = new byte[(length + BLOCK - 1) / BLOCK][];
        pool.take(b);
        return new HeldAudio(b, length, pool);
    }

    /** The blocks, each {@link #BLOCK} bytes (the last one filled only up to {@link #length()}); pooled audio only. */
    byte[][] blocks() {
        return blocks;
    }

    int length() {
        return blocks == null ? 0 : length;
    }

    /** The audio as one new array. */
    byte[] toArray() {
        if (blocks == null) {
            return new byte[0];
        }
        if (pool == null) {
            return blocks[0].clone();
        }
        byte[] out = new byte[length];
        for (int i = 0, at = 0; at < length; i++, at += BLOCK) {
            System.arraycopy(blocks[i], 0, out, at, Math.min(BLOCK, length - at));
        }
        return out;
    }

    /** The audio in base64, as an item carries it. */
    String base64() {
        return Base64.getEncoder().encodeToString(pool == null && blocks != null ? blocks[0] : toArray());
    }

    /** Gives the blocks back to the pool (if pooled); the audio is gone. Idempotent. */
    void release() {
        byte[][] b = blocks;
        blocks = null;
        if (b != null && pool != null) {
            pool.give(b);
        }
    }
}
