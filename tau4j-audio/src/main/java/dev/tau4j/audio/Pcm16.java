package dev.tau4j.audio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Operations on 16-bit signed little-endian PCM held in byte arrays (the wire format of realtime
 * speech models) or in {@code short[]} samples.
 *
 * <p>Multi-channel data is interleaved. Levels are in dBFS relative to a full-scale square wave
 * (32768), so a full-scale sine measures about −3 dBFS RMS; silence measures
 * {@link Double#NEGATIVE_INFINITY}. Arithmetic saturates at the 16-bit limits instead of wrapping.
 * Methods never modify their arguments and return new arrays; all are thread-safe.
 *
 * <p>Methods taking byte arrays throw {@link IllegalArgumentException} when the length is not a
 * whole number of samples (or frames, where a format is given).
 */
public final class Pcm16 {

    private static final double FULL_SCALE = 32768.0;

    private Pcm16() {
    }

    /** Decodes little-endian PCM16 bytes to samples. */
    public static short[] toSamples(byte[] pcm) {
        return toSamples(pcm, 0, checkEven(pcm).length);
    }

    /** Decodes {@code length} bytes of little-endian PCM16 starting at {@code offset}. */
    public static short[] toSamples(byte[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        if ((length & 1) != 0) {
            throw new IllegalArgumentException("PCM16 data must have an even length, got " + length);
        }
        short[] out = new short[length / 2];
        for (int i = 0, j = offset; i < out.length; i++, j += 2) {
            out[i] = (short) ((pcm[j] & 0xFF) | pcm[j + 1] << 8);
        }
        return out;
    }

    /** Encodes samples as little-endian PCM16 bytes. */
    public static byte[] toBytes(short[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0, j = 0; i < samples.length; i++, j += 2) {
            out[j] = (byte) samples[i];
            out[j + 1] = (byte) (samples[i] >> 8);
        }
        return out;
    }

    /** Applies a gain in decibels (positive amplifies), clipping at the 16-bit limits. */
    public static byte[] gainDb(byte[] pcm, double db) {
        if (!Double.isFinite(db)) {
            throw new IllegalArgumentException("gain must be finite, got " + db + " dB");
        }
        return gain(pcm, Math.pow(10, db / 20));
    }

    /** Multiplies every sample by {@code factor} (≥ 0), rounding and clipping at the 16-bit limits. */
    public static byte[] gain(byte[] pcm, double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("gain factor must be finite and not negative, got " + factor);
        }
        short[] s = toSamples(pcm);
        for (int i = 0; i < s.length; i++) {
            s[i] = clip(Math.round(s[i] * factor));
        }
        return toBytes(s);
    }

    /**
     * Mixes two streams of the same format by adding samples, saturating at the 16-bit limits. The
     * result is as long as the longer input; the shorter one counts as silence past its end.
     */
    public static byte[] mix(byte[] a, byte[] b) {
        short[] x = toSamples(a);
        short[] y = toSamples(b);
        short[] longer = x.length >= y.length ? x : y;
        short[] shorter = longer == x ? y : x;
        short[] out = longer.clone();
        for (int i = 0; i < shorter.length; i++) {
            out[i] = clip(longer[i] + shorter[i]);
        }
        return toBytes(out);
    }

    /** RMS level in dBFS over all samples; {@code -Infinity} for silence or empty input. */
    public static double rmsDbfs(byte[] pcm) {
        return rmsDbfs(toSamples(pcm), 0, checkEven(pcm).length / 2);
    }

    /** Peak level (largest absolute sample) in dBFS; {@code -Infinity} for silence or empty input. */
    public static double peakDbfs(byte[] pcm) {
        short[] s = toSamples(pcm);
        int peak = 0;
        for (short v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(peak / FULL_SCALE);
    }

    /**
     * Whether every window of {@code pcm} has an RMS level below {@code thresholdDbfs}. The audio is
     * cut into consecutive windows of {@code window} (the last may be shorter), so a short burst
     * inside a long quiet stretch still counts as sound. Empty input is silent.
     *
     * @param format        PCM16 format of {@code pcm}; all channels are measured together
     * @param thresholdDbfs level below which a window is silent, e.g. −50
     * @param window        measurement window, at least one frame long
     */
    public static boolean isSilent(byte[] pcm, AudioFormat format, double thresholdDbfs, Duration window) {
        for (byte[] chunk : chunks(pcm, format, window)) {
            short[] s = toSamples(chunk);
            if (rmsDbfs(s, 0, s.length) >= thresholdDbfs) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cuts audio into consecutive chunks of {@code frame} duration (rounded down to whole frames).
     * The last chunk holds the remainder and is shorter when the audio is not a multiple of the
     * frame size; there are never empty chunks, so empty input gives an empty list.
     *
     * @throws IllegalArgumentException if the format is not PCM16-compatible with the data, or
     *                                  {@code frame} is shorter than one sample frame
     */
    public static List<byte[]> chunks(byte[] pcm, AudioFormat format, Duration frame) {
        format.requireWholeFrames(pcm.length, "data");
        long size = format.bytesFor(frame);
        if (size <= 0) {
            throw new IllegalArgumentException("chunk duration " + frame + " is shorter than one frame at "
                    + format.sampleRate() + " Hz");
        }
        int chunk = (int) Math.min(size, Integer.MAX_VALUE - 8);
        List<byte[]> out = new ArrayList<>(pcm.length / chunk + 1);
        for (int off = 0; off < pcm.length; off += chunk) {
            out.add(java.util.Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunk)));
        }
        return out;
    }

    /** Downmixes interleaved stereo to mono by averaging the two channels (rounding half away from zero). */
    public static byte[] toMono(byte[] stereo) {
        short[] s = toSamples(stereo);
        if ((s.length & 1) != 0) {
            throw new IllegalArgumentException("stereo data must hold whole frames, got " + stereo.length + " bytes");
        }
        short[] out = new short[s.length / 2];
        for (int i = 0; i < out.length; i++) {
            int sum = s[2 * i] + s[2 * i + 1];
            out[i] = (short) (sum >= 0 ? (sum + 1) >> 1 : -((-sum + 1) >> 1));
        }
        return toBytes(out);
    }

    /** Duplicates mono samples into both channels of interleaved stereo. */
    public static byte[] toStereo(byte[] mono) {
        checkEven(mono);
        byte[] out = new byte[mono.length * 2];
        for (int i = 0, j = 0; i < mono.length; i += 2, j += 4) {
            out[j] = mono[i];
            out[j + 1] = mono[i + 1];
            out[j + 2] = mono[i];
            out[j + 3] = mono[i + 1];
        }
        return out;
    }

    static double rmsDbfs(short[] s, int from, int to) {
        if (to <= from) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return sum == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(sum / (to - from) / (FULL_SCALE * FULL_SCALE));
    }

    static short clip(long v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    static short clipRound(double v) {
        return clip(Math.round(v));
    }

    private static byte[] checkEven(byte[] pcm) {
        if ((pcm.length & 1) != 0) {
            throw new IllegalArgumentException("PCM16 data must have an even length, got " + pcm.length);
        }
        return pcm;
    }
}
