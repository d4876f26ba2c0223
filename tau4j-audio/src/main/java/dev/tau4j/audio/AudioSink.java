package dev.tau4j.audio;

import java.time.Duration;

/**
 * Where output audio goes to be played: a sound device ({@link Speaker#open}) or a device-less
 * real-time clock ({@link Speaker#virtual}).
 *
 * <p>The sink keeps the <em>playback clock</em>: {@link #playedFrames()} counts frames that have
 * actually been played since the sink was opened. It never runs ahead of the audio written, never
 * goes backwards, and stops while nothing is queued. This is what a barge-in needs: after
 * {@link #clear()}, {@link #playedDuration()} says how much of the assistant's audio the user heard.
 *
 * <p>Data is PCM16 little-endian in {@link #format()}, whole frames. Implementations are
 * thread-safe: one thread may write while another clears, drains, reads the clock or closes.
 * After {@link #close()}, {@link #write} throws {@link IllegalStateException}; the clock stays
 * readable.
 */
public interface AudioSink extends AutoCloseable {

    /** The PCM16 format {@link #write} expects. */
    AudioFormat format();

    /**
     * Queues audio for playback. Whether this blocks depends on the sink: a device speaker blocks
     * while its line buffer is full (so a fast producer is paced by playback); a virtual speaker
     * never blocks.
     *
     * @throws IllegalArgumentException if {@code pcm16} is not a whole number of frames
     * @throws IllegalStateException    if the sink is closed
     */
    void write(byte[] pcm16);

    /** Frames played since the sink was opened: the playback clock. */
    long playedFrames();

    /** {@link #playedFrames()} as time at the sink's sample rate. */
    default Duration playedDuration() {
        return Duration.ofNanos(Math.multiplyExact(playedFrames(), 1_000_000_000L) / format().sampleRate());
    }

    /** Frames written but not yet played. */
    long queuedFrames();

    /**
     * Stops playback at once and drops all queued audio (barge-in). The clock keeps what was played;
     * later writes play after it.
     */
    void clear();

    /**
     * Waits until everything written has played, at most {@code timeout}.
     *
     * @return whether the queue ran empty within the timeout
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean drain(Duration timeout) throws InterruptedException;

    /** Drops queued audio and releases the device. Idempotent. */
    @Override
    void close();
}
