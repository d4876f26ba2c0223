package dev.tau4j.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal's pending input audio: what it keeps, drops, commits and sends again, byte for byte. */
class InputBufferTest {

    /** 24 kHz PCM16: 48 bytes per ms. */
    private static final int BYTES_PER_MS = 48;

    /** The stream of bytes 0, 1, 2, ... (mod 251) from {@code from}, as one append of {@code n} bytes. */
    private static byte[] stream(long from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((from + i) % 251);
        }
        return b;
    }

    private static byte[] joined(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Test
    void keepsEveryByteInOrder() {
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS);
        long sent = 0;
        for (int i = 0; i < 300; i++) {
            assertThat(buffer.append(stream(sent, 960), true)).isTrue();
            sent += 960;
        }

        assertThat(buffer.bytes()).isEqualTo(sent);
        assertThat(joined(buffer.forNewConnection())).isEqualTo(stream(0, (int) sent));
        assertThat(buffer.bytes()).as("sending again keeps it").isEqualTo(sent);
    }

    @Test
    void pastTheBoundTheOldestAudioGoesAndTheNewestChunkStays() {
        InputBuffer buffer = new InputBuffer(10_000, BYTES_PER_MS);
        long sent = 0;
        for (int i = 0; i < 50; i++) {
            buffer.append(stream(sent, 960), false);
            sent += 960;
        }
        long kept = buffer.bytes();
        assertThat(kept).isLessThanOrEqualTo(10_000).isGreaterThan(10_000 - 960);
        assertThat(joined(buffer.forNewConnection())).as("the newest bytes").isEqualTo(stream(sent - kept, (int) kept));

        assertThat(buffer.append(new byte[960], true)).as("refused when full and refusing").isFalse();
        assertThat(buffer.bytes()).isEqualTo(kept);

        buffer.append(stream(sent, 30_000), false);   // one chunk larger than the bound is kept whole
        assertThat(joined(buffer.forNewConnection())).isEqualTo(stream(sent, 30_000));
    }

    @Test
    void commitTakesUpToTheSpeechEndAndKeepsTheRest() {
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS);
        for (int i = 0; i < 100; i++) {   // 2 s of audio
            buffer.append(stream(i * 960L, 960), false);
        }
        buffer.speechStopped(1500);   // ms of this connection's input
        assertThat(buffer.commit().toArray()).isEqualTo(stream(0, 1500 * BYTES_PER_MS));
        assertThat(buffer.bytes()).isEqualTo(500 * BYTES_PER_MS);

        buffer.speechStopped(1900);   // offsets count from the connection's start, not the last commit
        assertThat(buffer.commit().toArray()).isEqualTo(stream(1500 * BYTES_PER_MS, 400 * BYTES_PER_MS));
        assertThat(buffer.commit().toArray()).as("a manual commit takes the rest").isEqualTo(stream(1900 * BYTES_PER_MS, 100 * BYTES_PER_MS));
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.forNewConnection()).isEmpty();
    }

    @Test
    void theCallersArrayIsCopiedAndTheRingWrapsAroundCommits() {
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS);
        byte[] reused = new byte[960];
        long sent = 0;
        long committed = 0;
        for (int turn = 0; turn < 40; turn++) {   // turns of 0.8–1.6 s: the ring's start moves on each time
            int appends = 40 + turn % 3 * 20;
            for (int i = 0; i < appends; i++) {
                System.arraycopy(stream(sent, 960), 0, reused, 0, 960);
                buffer.append(reused, true);
                sent += 960;
            }
            java.util.Arrays.fill(reused, (byte) 0);   // the caller reuses its array
            long speechEnd = (sent - 480) / BYTES_PER_MS;   // the speech ended 10 ms before the last byte
            buffer.speechStopped(speechEnd);
            byte[] turnAudio = buffer.commit().toArray();
            assertThat(turnAudio).as("turn %d", turn).isEqualTo(stream(committed, (int) (speechEnd * BYTES_PER_MS - committed)));
            committed += turnAudio.length;
            assertThat(buffer.bytes()).isEqualTo(sent - committed);
        }
        assertThat(joined(buffer.forNewConnection())).isEqualTo(stream(committed, (int) (sent - committed)));
    }

    @Test
    void clearForgetsEverythingAndTheBufferStartsAgain() {
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS);
        buffer.append(stream(0, 70_000), false);
        buffer.clear();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.forNewConnection()).isEmpty();
        buffer.append(stream(5, 100), false);
        assertThat(joined(buffer.forNewConnection())).isEqualTo(stream(5, 100));
        assertThat(buffer.commit().toArray()).isEqualTo(stream(5, 100));
    }

    @Test
    void committedTurnsReuseTheBlocksThatReleasedTurnsGaveBack() {
        HeldAudio.Pool pool = new HeldAudio.Pool(64, Long.MAX_VALUE, 1);
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS, pool);
        long sent = 0;
        java.util.ArrayDeque<HeldAudio> held = new java.util.ArrayDeque<>();
        for (int turn = 0; turn < 30; turn++) {   // 1 s turns, the oldest three held at a time (as the age bound does)
            for (int i = 0; i < 50; i++) {
                buffer.append(stream(sent, 960), true);
                sent += 960;
            }
            HeldAudio audio = buffer.commit();
            assertThat(audio.length()).isEqualTo(48_000);
            assertThat(audio.toArray()).as("turn %d", turn).isEqualTo(stream(sent - 48_000, 48_000));
            assertThat(audio.base64()).isEqualTo(java.util.Base64.getEncoder().encodeToString(stream(sent - 48_000, 48_000)));
            held.add(audio);
            if (held.size() > 3) {
                held.poll().release();
            }
        }
        // 48,000 bytes take 3 blocks of 16 KiB; four turns were held at most before one went back
        assertThat(pool.created()).as("blocks made for 30 turns").isEqualTo(12);
        HeldAudio last = held.peekLast();
        last.release();
        last.release();   // idempotent: the blocks go back once
        assertThat(last.length()).isZero();
        assertThat(pool.free()).isEqualTo(2 * 3);
    }

    @Test
    void aTurnPastThePoolsBudgetIsNotHeldAndTheNextTurnsAreHeldAgainOnceBlocksComeBack() {
        HeldAudio.Pool pool = new HeldAudio.Pool(64, 5, 1);   // 5 blocks of 16 KiB in all
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS, pool);
        buffer.append(stream(0, 48_000), true);
        HeldAudio first = buffer.commit();   // 3 blocks
        buffer.append(stream(48_000, 48_000), true);
        HeldAudio second = buffer.commit();   // 3 more would make 6

        assertThat(first.toArray()).isEqualTo(stream(0, 48_000));
        assertThat(second.length()).as("past the budget: nothing held").isZero();
        assertThat(second.toArray()).isEmpty();
        assertThat(pool.refused()).isOne();
        assertThat(buffer.bytes()).as("the refused turn still left the input buffer").isZero();

        first.release();
        buffer.append(stream(96_000, 48_000), true);
        HeldAudio third = buffer.commit();
        assertThat(third.toArray()).as("blocks given back are taken again").isEqualTo(stream(96_000, 48_000));
        assertThat(pool.created()).isEqualTo(3);
        second.release();   // nothing to give back
        third.release();
        assertThat(pool.free()).isEqualTo(3);
    }

    @Test
    void blocksCutFromOneSlabHoldTurnsApartAndTheBudgetCountsWholeSlabs() {
        HeldAudio.Pool pool = new HeldAudio.Pool(64, 8, 4);   // slabs of 4 blocks, 8 blocks in all
        InputBuffer buffer = new InputBuffer(1 << 20, BYTES_PER_MS, pool);
        buffer.append(stream(0, 40_000), true);
        HeldAudio first = buffer.commit();   // 3 blocks of the first slab; its fourth stays free
        buffer.append(stream(40_000, 16_384), true);
        HeldAudio second = buffer.commit();   // 1 block: the first slab's fourth
        buffer.append(stream(56_384, 40_000), true);
        HeldAudio third = buffer.commit();   // 3 blocks of a second slab
        buffer.append(stream(96_384, 40_000), true);
        HeldAudio fourth = buffer.commit();   // 1 free, 2 more need a third slab: past the budget

        assertThat(first.toArray()).isEqualTo(stream(0, 40_000));
        assertThat(second.toArray()).isEqualTo(stream(40_000, 16_384));
        assertThat(third.toArray()).isEqualTo(stream(56_384, 40_000));
        assertThat(fourth.length()).isZero();
        assertThat(pool.created()).isEqualTo(8);
        assertThat(pool.refused()).isOne();
        assertThat(pool.free()).isOne();
    }
}
