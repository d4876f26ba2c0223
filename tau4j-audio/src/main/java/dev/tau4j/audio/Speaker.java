package dev.tau4j.audio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays PCM16 on the default sound output through a {@code javax.sound.sampled} line.
 *
 * <p>{@link #open} asks for the requested rate first and falls back to 48 kHz and 44.1 kHz,
 * resampling internally; the playback clock ({@link #playedFrames()}) always counts frames of the
 * requested format. The clock comes from the line's {@code getLongFramePosition()}, so it reflects
 * what the device has played, not what was handed to it.
 *
 * <p>{@link #write} blocks while the line's buffer (about {@value #BUFFER_MILLIS} ms) is full,
 * handing audio to the line as room frees up (checking every {@value #PIECE_MILLIS}/2 ms), so a
 * {@link #clear()} from another thread takes effect at once and the rest of the interrupted write
 * is dropped. {@link #drain} also pushes out the resampler's look-ahead, so a stream should be drained
 * (or cleared) at its end. Thread-safe.
 *
 * <p>For a speaker without a device (servers, tests) use {@link #virtual(AudioFormat)}.
 */
public final class Speaker implements AudioSink {

    static final int BUFFER_MILLIS = 200;
    static final int PIECE_MILLIS = 10;
    private static final int[] FALLBACK_RATES = {48_000, 44_100};

    private final AudioFormat format;
    private final SourceDataLine line;
    private final int deviceRate;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null when the device runs at the requested rate. Guarded by lock. */
    private final Resampler resampler;
    /** Frames accepted (requested format) minus those dropped by clear(); guarded by lock. */
    private long accepted;
    /** Played frames (requested format) at the last clear(); guarded by lock. */
    private long playedBase;
    /** Line position at the last clear(); guarded by lock. */
    private long positionBase;
    /** Incremented by clear() so an interrupted write drops the rest; guarded by lock. */
    private long generation;
    /** Guarded by lock. */
    private boolean closed;

    private Speaker(AudioFormat format, SourceDataLine line, int deviceRate) {
        this.format = format;
        this.line = line;
        this.deviceRate = deviceRate;
        this.resampler = deviceRate == format.sampleRate() ? null
                : Resampler.create(format.sampleRate(), deviceRate, format.channels());
        this.positionBase = line.getLongFramePosition();
    }

    /**
     * Opens the default output for PCM16 audio in {@code format}.
     *
     * @throws IllegalArgumentException if the format is not PCM16
     * @throws AudioDeviceException     if no output line accepts the format or a fallback rate; the
     *                                  message lists what was tried and the mixers found
     */
    public static Speaker open(AudioFormat format) {
        return open(format, Lines.SYSTEM);
    }

    static Speaker open(AudioFormat format, Lines lines) {
        Objects.requireNonNull(format, "format");
        if (format.encoding() != AudioFormat.Encoding.PCM16) {
            throw new IllegalArgumentException("speakers play PCM16, got " + format.encoding());
        }
        Set<Integer> rates = new LinkedHashSet<>();
        rates.add(format.sampleRate());
        for (int r : FALLBACK_RATES) {
            rates.add(r);
        }
        List<String> failures = new ArrayList<>();
        for (int rate : rates) {
            javax.sound.sampled.AudioFormat f = Lines.pcm16(rate, format.channels());
            try {
                SourceDataLine line = lines.source(f);
                int buffer = rate * format.bytesPerFrame() * BUFFER_MILLIS / 1000;
                line.open(f, buffer);
                return new Speaker(format, line, rate);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                failures.add(rate + " Hz: " + e.getMessage());
            }
        }
        List<String> mixers = lines.mixers();
        throw new AudioDeviceException("No audio output for " + Lines.describe(format.sampleRate(), format.channels())
                + " (tried " + String.join("; ", failures) + "). Mixers found: "
                + (mixers.isEmpty() ? "none" : String.join(", ", mixers))
                + ". On a machine without a sound device use Speaker.virtual(format).");
    }

    /** A device-less speaker playing against {@link System#nanoTime()}. */
    public static VirtualSpeaker virtual(AudioFormat format) {
        return new VirtualSpeaker(format, System::nanoTime);
    }

    /** A device-less speaker playing against {@code nanoClock}, a monotonic nanosecond source. */
    public static VirtualSpeaker virtual(AudioFormat format, LongSupplier nanoClock) {
        return new VirtualSpeaker(format, nanoClock);
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    /** The rate the device runs at: the requested one, or a fallback the speaker resamples to. */
    public int deviceRate() {
        return deviceRate;
    }

    @Override
    public void write(byte[] pcm16) {
        format.requireWholeFrames(pcm16.length, "audio");
        long gen;
        byte[] device;
        lock.lock();
        try {
            ensureOpen();
            gen = generation;
            accepted += pcm16.length / format.bytesPerFrame();
            device = resampler == null ? pcm16 : resampler.process(pcm16);
            if (!line.isRunning()) {
                line.start();
            }
        } finally {
            lock.unlock();
        }
        toLine(device, gen);
    }

    /**
     * Hands {@code device} audio to the line as room frees up, never blocking inside the line while
     * holding the lock, so clear() and close() always get through.
     */
    private void toLine(byte[] device, long gen) {
        int frameBytes = format.bytesPerFrame();
        long pollNanos = PIECE_MILLIS * 1_000_000L / 2;
        for (int off = 0; off < device.length; ) {
            lock.lock();
            try {
                if (closed || generation != gen) {
                    return;
                }
                int room = line.available();
                room -= room % frameBytes;
                if (room > 0) {
                    off += line.write(device, off, Math.min(room, device.length - off));
                    continue;
                }
            } finally {
                lock.unlock();
            }
            // A device cannot signal free space: wait a fraction of a piece for it to play.
            LockSupport.parkNanos(this, pollNanos);
        }
    }

    @Override
    public long playedFrames() {
        lock.lock();
        try {
            return played();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long queuedFrames() {
        lock.lock();
        try {
            return accepted - played();
        } finally {
            lock.unlock();
        }
    }

    private long played() {
        long device = Math.max(0, line.getLongFramePosition() - positionBase);
        long frames = device * format.sampleRate() / deviceRate;
        return Math.min(accepted, playedBase + frames);
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long p = played();
            generation++;
            line.stop();
            line.flush();
            if (resampler != null) {
                resampler.reset();
            }
            playedBase = p;
            accepted = p;
            positionBase = line.getLongFramePosition();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (resampler != null) {
            long gen;
            byte[] tail;
            lock.lock();
            try {
                ensureOpen();
                gen = generation;
                tail = resampler.flush();
            } finally {
                lock.unlock();
            }
            toLine(tail, gen);
        }
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
            LockSupport.parkNanos(this, Math.min(left, Math.min(needed, 10_000_000L)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long p = played();
            closed = true;
            generation++;
            accepted = p;
            playedBase = p;
            positionBase = line.getLongFramePosition();
            line.stop();
            line.flush();
            line.close();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("speaker is closed");
        }
    }

    @Override
    public String toString() {
        return "Speaker[" + format + ", device " + deviceRate + " Hz]";
    }
}
