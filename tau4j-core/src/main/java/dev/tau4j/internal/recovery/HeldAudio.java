package dev.tau4j.internal.recovery;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * User audio the journal holds for replay: a committed turn in fixed-size blocks of direct memory
 * that are taken from, and given back to, one pool shared by every session, or a whole array the
 * client sent inline with an item.
 *
 * <p>Why blocks outside the heap: each committed turn is held for minutes ({@code journalAudioAge})
 * and then let go; at 500 streaming sessions that is about 2.75 GiB. On the heap it was a live set
 * the collector marked and moved on every cycle, many times what the rest of the client keeps, and
 * heap sized for it (BENCHMARKS.md, "User audio outside the heap"). Blocks given back when a turn's
 * audio is dropped are taken again by the next commit, so a session in steady state allocates
 * nothing here. The pool keeps at most {@link #POOL_BLOCKS} free blocks (16 MiB); past that, given
 * blocks are left to the collector, which frees their memory.
 *
 * <p>All blocks together stay within a budget ({@link #BUDGET_PROPERTY}, default half the
 * JVM's maximum heap, which is also the default limit of direct memory): a commit that would pass
 * it, or that the JVM's direct memory cannot take, holds no audio, and the replay falls back to the
 * turn's transcript, as it does for audio past {@code journalAudioBytes}.
 *
 * <p>Not thread-safe: the {@link ConversationJournal} that owns one guards it. {@link #release()}
 * is idempotent; after it the audio is gone (length 0).
 */
final class HeldAudio {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    /** Block size: 16 KiB, a third of a second of 24 kHz PCM16; a turn wastes less than one. */
    static final int BLOCK = 16 * 1024;
    /** Free blocks the shared pool keeps for the next commits. */
    static final int POOL_BLOCKS = 1024;
    /** System property: bytes of direct memory all journals together may hold user audio in. */
    static final String BUDGET_PROPERTY = "tau4j.journal.memory";

    /**
     * Free blocks of {@link #BLOCK} bytes, at most {@code maxFree}, and at most {@code maxBlocks}
     * made and not let go. Blocks are cut from slabs of {@code slabBlocks}, one direct buffer each,
     * so that the collector tracks one buffer (and one cleaner) per slab, not per block; a slab's
     * memory is freed once none of its blocks is held or free. Thread-safe.
     */
    static final class Pool {
        /** The one every journal uses: slabs of 256 KiB. */
        static final Pool SHARED = new Pool(POOL_BLOCKS, budget() / BLOCK, 16);

        private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
        private final int maxFree;
        private final long maxBlocks;
        private final int slabBlocks;
        /** Blocks made and not let go: held by a turn or free. */
        private long blocks;
        private long created;
        private long refused;

        Pool(int maxFree, long maxBlocks, int slabBlocks) {
            this.maxFree = maxFree;
            this.maxBlocks = maxBlocks;
            this.slabBlocks = slabBlocks;
        }

        private static long budget() {
            String set = System.getProperty(BUDGET_PROPERTY);
            long half = Runtime.getRuntime().maxMemory() / 2;
            if (set == null) {
                return half;
            }
            long bytes = bytes(set);
            if (bytes < 0) {
                LOG.log(System.Logger.Level.WARNING, "τ -D" + BUDGET_PROPERTY + "=" + set
                        + " is not a size (bytes, or a number with k, m or g); using half the maximum heap");
                return half;
            }
            return bytes;
        }

        /** Fills {@code dst} with blocks, free ones first; false (and {@code dst} empty) past the budget. */
        boolean take(ByteBuffer[] dst) {
            while (true) {
                int slabs;
                synchronized (this) {
                    if (free.size() >= dst.length) {
                        for (int i = 0; i < dst.length; i++) {
                            dst[i] = free.pop();
                        }
                        return true;
                    }
                    slabs = (dst.length - free.size() + slabBlocks - 1) / slabBlocks;
                    if (blocks + (long) slabs * slabBlocks > maxBlocks) {
                        slabs = -1;
                    } else {
                        blocks += (long) slabs * slabBlocks;   // reserved; made outside the lock
                        created += (long) slabs * slabBlocks;
                    }
                }
                if (slabs < 0) {
                    return refuse("its budget of " + maxBlocks * BLOCK + " bytes (" + BUDGET_PROPERTY + ")", null);
                }
                ByteBuffer[] made = new ByteBuffer[slabs];
                OutOfMemoryError full = null;
                try {
                    for (int i = 0; i < slabs; i++) {
                        made[i] = ByteBuffer.allocateDirect(slabBlocks * BLOCK);
                    }
                } catch (OutOfMemoryError e) {   // the JVM's direct memory is taken by other buffers
                    full = e;
                }
                synchronized (this) {
                    for (ByteBuffer slab : made) {
                        if (slab == null) {
                            blocks -= slabBlocks;   // never made
                            created -= slabBlocks;
                        } else {
                            for (int k = 0; k < slabBlocks; k++) {
                                free.push(slab.slice(k * BLOCK, BLOCK));
                            }
                        }
                    }
                }
                if (full != null) {
                    return refuse("the JVM's direct memory", full);
                }
                // the next round takes them (or, if other sessions took them first, makes more)
            }
        }

        private boolean refuse(String limit, Throwable cause) {
            long before;
            synchronized (this) {
                before = refused++;
            }
            LOG.log(before == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "τ journal: a committed turn's audio is not held for replay: it would pass " + limit
                    + "; a recovery replays its transcript instead (README, \"The journal\")", cause);
            return false;
        }

        synchronized void give(ByteBuffer[] given) {
            for (ByteBuffer b : given) {
                if (free.size() < maxFree) {
                    free.push(b);
                } else {
                    blocks--;
                }
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

        /** Commits whose audio was not held (past the budget). */
        synchronized long refused() {
            return refused;
        }
    }

    /** A size as {@code -Xmx} takes it: bytes, or a number with {@code k}, {@code m} or {@code g}; -1 if it is not one. */
    static long bytes(String size) {
        String s = size.strip().toLowerCase(java.util.Locale.ROOT);
        int shift = s.isEmpty() ? 0 : switch (s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 15) {
            return -1;
        }
        long n = Long.parseLong(digits);
        return n > Long.MAX_VALUE >> shift ? -1 : n << shift;
    }

    /** Pooled blocks; null when not pooled or once released. */
    private ByteBuffer[] blocks;
    /** The audio itself when not pooled; null when pooled or once released. */
    private byte[] whole;
    private final int length;
    /** Where the blocks go back to; null when not pooled. */
    private final Pool pool;

    /** No audio: what a refused commit holds. */
    private static final HeldAudio NONE = new HeldAudio(null, null, 0, null);

    private HeldAudio(ByteBuffer[] blocks, byte[] whole, int length, Pool pool) {
        this.blocks = blocks;
        this.whole = whole;
        this.length = length;
        this.pool = pool;
    }

    /** Holds {@code audio} itself (not pooled: the caller gives it up). */
    static HeldAudio of(byte[] audio) {
        return new HeldAudio(null, audio, audio.length, null);
    }

    /**
     * Blocks from {@code pool} for {@code length} bytes, filled by {@link #write}; no audio (length
     * 0) when the pool refuses them.
     */
    static HeldAudio allocate(int length, Pool pool) {
        ByteBuffer[] b = new ByteBuffer[(length + BLOCK - 1) / BLOCK];
        return pool.take(b) ? new HeldAudio(b, null, length, pool) : NONE;
    }

    /** Copies {@code n} bytes of {@code src} from {@code from} to where this audio is {@code at} bytes in; pooled audio only (none when refused). */
    void write(int at, byte[] src, int from, int n) {
        while (n > 0 && blocks != null) {
            int in = at % BLOCK;
            int k = Math.min(n, BLOCK - in);
            blocks[at / BLOCK].put(in, src, from, k);
            at += k;
            from += k;
            n -= k;
        }
    }

    int length() {
        return blocks == null && whole == null ? 0 : length;
    }

    /** The audio as one new array. */
    byte[] toArray() {
        if (whole != null) {
            return whole.clone();
        }
        byte[] out = new byte[length()];
        for (int i = 0, at = 0; at < out.length; i++, at += BLOCK) {
            blocks[i].get(0, out, at, Math.min(BLOCK, out.length - at));
        }
        return out;
    }

    /** The audio in base64, as an item carries it. */
    String base64() {
        return Base64.getEncoder().encodeToString(whole != null ? whole : toArray());
    }

    /** Gives the blocks back to the pool (if pooled); the audio is gone. Idempotent. */
    void release() {
        ByteBuffer[] b = blocks;
        blocks = null;
        whole = null;
        if (b != null) {
            pool.give(b);
        }
    }
}
