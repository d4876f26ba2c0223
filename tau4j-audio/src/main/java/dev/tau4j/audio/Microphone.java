package dev.tau4j.audio;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * Captures PCM16 from the default sound input and delivers it in fixed-size chunks of the format a
 * realtime model wants (24 kHz mono by default), whatever the device's own rate.
 *
 * <p>{@link #open} asks for the target format first, then common device rates (48, 44.1, 16, 96,
 * 32, 22.05, 8 kHz) in mono and stereo; stereo is averaged to mono and the rate converted with a
 * {@link Resampler}. Every chunk holds exactly {@code chunk} of audio.
 *
 * <p>A daemon thread reads the line. With a consumer, chunks are handed to it on that thread, one
 * at a time, in order; a consumer that blocks longer than the device's buffer (about 500 ms) makes
 * the device drop audio. Without a consumer, chunks wait in a bounded queue for {@link #read};
 * when {@value #QUEUE_CHUNKS} chunks are waiting the oldest is dropped and counted in
 * {@link #droppedChunks()}. If the line or the consumer throws, capture stops and the failure is
 * reported by {@link #read} (as an {@link AudioDeviceException}) once the queued chunks are taken.
 *
 * <p>{@link #close()} stops the line and waits up to one second for the thread. Thread-safe.
 */
public final class Microphone implements AutoCloseable {

    static final int QUEUE_CHUNKS = 250;
    private static final int[] DEVICE_RATES = {48_000, 44_100, 16_000, 96_000, 32_000, 22_050, 8_000};
    private static final int DEVICE_BUFFER_MILLIS = 500;

    private final AudioFormat format;
    private final AudioFormat deviceFormat;
    private final TargetDataLine line;
    private final int chunkBytes;
    private final Consumer<byte[]> consumer;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    /** The failure that stopped capture, or null; written once by the capture thread. */
    private volatile Throwable failure;
    private volatile boolean closed;

    private Microphone(AudioFormat format, AudioFormat deviceFormat, TargetDataLine line, Duration chunk,
                       Consumer<byte[]> consumer) {
        this.format = format;
        this.deviceFormat = deviceFormat;
        this.line = line;
        this.chunkBytes = (int) format.bytesFor(chunk);
        this.consumer = consumer;
        this.thread = new Thread(this::capture, "tau4j-microphone");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the default input delivering 24 kHz mono PCM16 in 20 ms chunks to {@link #read}.
     *
     * @throws AudioDeviceException if no input line can be opened; the message lists what was tried
     *                              and the mixers found
     */
    public static Microphone open() {
        return open(AudioFormat.PCM16_24KHZ_MONO, Duration.ofMillis(20), null);
    }

    /**
     * Opens the default input delivering PCM16 in {@code format} (mono or stereo), in chunks of
     * {@code chunk}, to {@code consumer}, or to {@link #read} when {@code consumer} is null.
     *
     * @throws IllegalArgumentException if the format is not PCM16 with one or two channels, or the
     *                                  chunk is shorter than one frame
     * @throws AudioDeviceException     if no input line can be opened
     */
    public static Microphone open(AudioFormat format, Duration chunk, Consumer<byte[]> consumer) {
        return open(format, chunk, consumer, Lines.SYSTEM);
    }

    static Microphone open(AudioFormat format, Duration chunk, Consumer<byte[]> consumer, Lines lines) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(chunk, "chunk");
        if (format.encoding() != AudioFormat.Encoding.PCM16 || format.channels() > 2) {
            throw new IllegalArgumentException("microphones deliver PCM16 mono or stereo, got " + format);
        }
        if (format.bytesFor(chunk) == 0) {
            throw new IllegalArgumentException("chunk " + chunk + " is shorter than one frame");
        }
        Set<Integer> rates = new LinkedHashSet<>();
        rates.add(format.sampleRate());
        for (int r : DEVICE_RATES) {
            rates.add(r);
        }
        List<String> failures = new ArrayList<>();
        for (int channels : new int[] {format.channels(), 3 - format.channels()}) {
            for (int rate : rates) {
                javax.sound.sampled.AudioFormat f = Lines.pcm16(rate, channels);
                try {
                    TargetDataLine line = lines.target(f);
                    line.open(f, rate * 2 * channels * DEVICE_BUFFER_MILLIS / 1000);
                    Microphone mic = new Microphone(format, new AudioFormat(AudioFormat.Encoding.PCM16, rate, channels),
                            line, chunk, consumer);
                    line.start();
                    mic.thread.start();
                    return mic;
                } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                    failures.add(Lines.describe(rate, channels) + ": " + e.getMessage());
                }
            }
        }
        List<String> mixers = lines.mixers();
        throw new AudioDeviceException("No audio input for " + Lines.describe(format.sampleRate(), format.channels())
                + " (tried " + String.join("; ", failures.subList(0, Math.min(3, failures.size())))
                + (failures.size() > 3 ? "; and " + (failures.size() - 3) + " more formats" : "")
                + "). Mixers found: " + (mixers.isEmpty() ? "none" : String.join(", ", mixers)));
    }

    /** The format of delivered chunks. */
    public AudioFormat format() {
        return format;
    }

    /** The format the device captures in. */
    public AudioFormat deviceFormat() {
        return deviceFormat;
    }

    /**
     * Takes the next chunk, waiting at most {@code timeout}.
     *
     * @return the chunk, or empty on timeout or once the microphone is closed and the queue is empty
     * @throws IllegalStateException if the microphone delivers to a consumer
     * @throws AudioDeviceException  if capture failed and all chunks before the failure were taken
     * @throws InterruptedException  if the waiting thread is interrupted
     */
    public Optional<byte[]> read(Duration timeout) throws InterruptedException {
        if (consumer != null) {
            throw new IllegalStateException("this microphone delivers to a consumer; read() is not available");
        }
        byte[] chunk = queue.poll();
        if (chunk == null && !closed && failure == null) {
            chunk = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (chunk == null && failure != null) {
            throw new AudioDeviceException("Microphone capture failed: " + failure.getMessage(), failure);
        }
        return Optional.ofNullable(chunk);
    }

    /** Chunks dropped because the {@link #read} queue was full. */
    public long droppedChunks() {
        return dropped.get();
    }

    /** Stops capturing and releases the device. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        line.stop();
        line.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void capture() {
        int frameBytes = deviceFormat.bytesPerFrame();
        byte[] buffer = new byte[Math.max(frameBytes, (int) deviceFormat.bytesFor(Duration.ofMillis(20)))];
        Resampler resampler = deviceFormat.sampleRate() == format.sampleRate() ? null
                : Resampler.create(deviceFormat.sampleRate(), format.sampleRate(), format.channels());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        try {
            while (!closed) {
                int n = line.read(buffer, 0, buffer.length);
                n -= n % frameBytes;
                if (n <= 0) {
                    if (!line.isOpen()) {
                        break;
                    }
                    continue;
                }
                byte[] data = java.util.Arrays.copyOf(buffer, n);
                if (deviceFormat.channels() != format.channels()) {
                    data = format.channels() == 1 ? Pcm16.toMono(data) : Pcm16.toStereo(data);
                }
                if (resampler != null) {
                    data = resampler.process(data);
                }
                pending.writeBytes(data);
                if (pending.size() >= chunkBytes) {
                    byte[] all = pending.toByteArray();
                    int off = 0;
                    for (; off + chunkBytes <= all.length && !closed; off += chunkBytes) {
                        deliver(java.util.Arrays.copyOfRange(all, off, off + chunkBytes));
                    }
                    pending.reset();
                    pending.write(all, off, all.length - off);
                }
            }
        } catch (RuntimeException | Error e) {
            if (!closed) {
                failure = e;
                line.stop();
                line.close();
            }
        }
    }

    private void deliver(byte[] chunk) {
        if (consumer != null) {
            consumer.accept(chunk);
            return;
        }
        while (!queue.offer(chunk)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    @Override
    public String toString() {
        return "Microphone[" + format + " from device " + deviceFormat + "]";
    }
}
