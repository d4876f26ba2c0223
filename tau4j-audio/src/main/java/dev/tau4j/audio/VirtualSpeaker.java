package dev.tau4j.audio;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A speaker without a device: it "plays" written audio in real time against a clock, for headless
 * servers (phone bridges pacing audio to a call) and for tests of barge-in logic.
 *
 * <p>Playback starts when audio is written to an empty queue and advances one frame per
 * {@code 1 / sampleRate} seconds of the clock until the queue runs empty; then the clock pauses
 * until the next write, exactly like a device that underruns. The audio bytes themselves are only
 * counted, not kept. {@link #write} never blocks.
 *
 * <p>The clock is any monotonic nanosecond source ({@link System#nanoTime()} by default); tests
 * pass a fake one and advance it by hand, so nothing waits. {@link #drain} parks the calling
 * thread for the remaining virtual time (re-checking at least every 10 ms of real time), so with a
 * fake clock, advance it first and drain with a zero timeout. Thread-safe.
 */
public final class VirtualSpeaker implements AudioSink {

    private final AudioFormat format;
    private final LongSupplier nanoClock;
    /** Clock reading at which playback last (re)started; guarded by this. */
    private long anchorNanos;
    /** Frames played at {@link #anchorNanos}; guarded by this. */
    private long anchorPlayed;
    /** Frames written and not dropped by clear(); played never exceeds it. Guarded by this. */
    private long written;
    /** Guarded by this. */
    private boolean closed;

    VirtualSpeaker(AudioFormat format, LongSupplier nanoClock) {
        this.format = Objects.requireNonNull(format, "format");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (format.encoding() != AudioFormat.Encoding.PCM16) {
            throw new IllegalArgumentException("speakers play PCM16, got " + format.encoding());
        }
        this.anchorNanos = nanoClock.getAsLong();
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void write(byte[] pcm16) {
        format.requireWholeFrames(pcm16.length, "audio");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("speaker is closed");
            }
            long now = nanoClock.getAsLong();
            long played = playedAt(now);
            if (played == written) {
                // Idle (underrun or never started): playback of the new audio starts now.
                anchorNanos = now;
                anchorPlayed = played;
            }
            written += pcm16.length / format.bytesPerFrame();
        }
    }

    @Override
    public synchronized long playedFrames() {
        return playedAt(nanoClock.getAsLong());
    }

    @Override
    public synchronized long queuedFrames() {
        return written - playedAt(nanoClock.getAsLong());
    }

    @Override
    public synchronized void clear() {
        long now = nanoClock.getAsLong();
        written = playedAt(now);
        anchorNanos = now;
        anchorPlayed = written;
    }

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long queued = queuedFrames();
            if (queued == 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long needed = format.durationOf(queued * format.bytesPerFrame()).toNanos() + 1;
            LockSupport.parkNanos(this, Math.min(left, Math.min(needed, TimeUnit.MILLISECONDS.toNanos(10))));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            clear();
            closed = true;
        }
    }

    private long playedAt(long now) {
        long elapsed = Math.max(0, now - anchorNanos);
        long frames = elapsed / 1_000_000_000L * format.sampleRate()
                + elapsed % 1_000_000_000L * format.sampleRate() / 1_000_000_000L;
        return Math.min(written, anchorPlayed + frames);
    }

    @Override
    public String toString() {
        return "VirtualSpeaker[" + format + "]";
    }
}
