package dev.tau4j.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * An uncompressed or G.711 audio format: encoding, sample rate and channel count.
 *
 * <p>Byte and time conversions live here so that no caller does sample arithmetic by hand.
 * Constants cover the formats realtime speech models use on the wire: PCM16 at 24 kHz mono, and
 * G.711 μ-law / A-law at 8 kHz mono.
 *
 * @param encoding    how each sample is stored
 * @param sampleRate  samples per second per channel, positive
 * @param channels    interleaved channels, 1 or more
 */
public record AudioFormat(Encoding encoding, int sampleRate, int channels) {

    /** Sample encodings the toolkit reads and writes. */
    public enum Encoding {
        /** 16-bit signed little-endian linear PCM. */
        PCM16(2),
        /** ITU-T G.711 μ-law, one byte per sample. */
        G711_ULAW(1),
        /** ITU-T G.711 A-law, one byte per sample. */
        G711_ALAW(1);

        private final int bytesPerSample;

        Encoding(int bytesPerSample) {
            this.bytesPerSample = bytesPerSample;
        }

        /** Bytes one sample of one channel takes. */
        public int bytesPerSample() {
            return bytesPerSample;
        }
    }

    /** PCM16, 24 kHz, mono: the default input and output format of OpenAI realtime models. */
    public static final AudioFormat PCM16_24KHZ_MONO = new AudioFormat(Encoding.PCM16, 24_000, 1);
    /** G.711 μ-law, 8 kHz, mono ({@code audio/pcmu}). */
    public static final AudioFormat G711_ULAW_8KHZ = new AudioFormat(Encoding.G711_ULAW, 8_000, 1);
    /** G.711 A-law, 8 kHz, mono ({@code audio/pcma}). */
    public static final AudioFormat G711_ALAW_8KHZ = new AudioFormat(Encoding.G711_ALAW, 8_000, 1);

    public AudioFormat {
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
    }

    /** Mono PCM16 at the given rate. */
    public static AudioFormat pcm16(int sampleRate) {
        return new AudioFormat(Encoding.PCM16, sampleRate, 1);
    }

    /** Bytes one frame (one sample of every channel) takes. */
    public int bytesPerFrame() {
        return encoding.bytesPerSample() * channels;
    }

    /** Bytes one second of audio takes. */
    public int bytesPerSecond() {
        return bytesPerFrame() * sampleRate;
    }

    /** How long {@code bytes} of audio in this format play; partial frames are ignored. */
    public Duration durationOf(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
        long frames = bytes / bytesPerFrame();
        return Duration.ofNanos(Math.multiplyExact(frames, 1_000_000_000L) / sampleRate);
    }

    /** Whole frames' worth of bytes that play for {@code duration}, rounded down to a frame. */
    public long bytesFor(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        long frames = Math.multiplyExact(duration.toNanos(), (long) sampleRate) / 1_000_000_000L;
        return frames * bytesPerFrame();
    }

    /**
     * Checks that {@code bytes} of audio are whole frames of this format.
     *
     * @param what    what the bytes are, for the message (e.g. {@code "audio"})
     * @throws IllegalArgumentException if they are not
     */
    public void requireWholeFrames(long bytes, String what) {
        if (bytes % bytesPerFrame() != 0) {
            throw new IllegalArgumentException(what + " of " + bytes + " bytes is not a whole number of "
                    + bytesPerFrame() + "-byte frames");
        }
    }

    /** Milliseconds {@code bytes} of audio play, rounded down. */
    public long millisOf(long bytes) {
        return durationOf(bytes).toMillis();
    }
}
