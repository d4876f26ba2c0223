package dev.tau4j.audio;

import java.util.Arrays;

/**
 * Streaming sample-rate converter: a polyphase windowed-sinc (Kaiser) filter, exact for any rate
 * pair whose reduced ratio has at most {@value #MAX_PHASES} phases (all pairs of 8, 11.025, 12, 16,
 * 22.05, 24, 32, 44.1, 48 and 96 kHz qualify).
 *
 * <p>Design: about 100 dB stopband attenuation, passband flat to within 0.001 dB up to 90% of the
 * lower Nyquist frequency, stopband from the lower Nyquist frequency (so nothing above the target
 * Nyquist aliases back). Measured figures are in {@code docs/audio.md}.
 *
 * <p>Timing: output sample {@code n} is the input signal evaluated at time {@code n / toRate}, so the
 * output is aligned with the input (no added delay in the signal), and a stream of {@code N} input
 * frames yields {@code ceil(N * toRate / fromRate)} output frames in total. The price is latency:
 * {@link #process} holds back the output that still needs up to {@link #latencyFrames()} future
 * input frames; {@link #flush()} ends the stream, treats the input after its end as silence,
 * returns the rest and resets the resampler for a new stream. Before the first sample the input
 * counts as silence too. Because every output sample is computed from the same input samples the
 * same way, the output does not depend on how the input is cut into chunks: streaming output is
 * bit-identical to {@link #resample(byte[], int, int, int) one-shot} output.
 *
 * <p>Data: PCM16 little-endian interleaved bytes ({@link #process(byte[])}), or double samples
 * ({@link #process(double[])}, not rounded, for measurements and float pipelines; do not mix the
 * two forms within one stream). PCM16 output is rounded to nearest and clipped. Chunks must hold
 * whole frames.
 *
 * <p>Not thread-safe: one stream, one thread at a time. Creating a resampler computes its filter
 * table (up to a few hundred kilobytes); create one per stream and reuse it.
 */
public final class Resampler {

    /** Largest number of filter phases (the reduced output-rate factor) supported. */
    public static final int MAX_PHASES = 4096;

    private static final double ATTENUATION_DB = 100;
    private static final double TRANSITION = 0.05;

    private final int fromRate;
    private final int toRate;
    private final int channels;
    private final int up;
    private final int down;
    private final int taps;
    private final int half;
    private final double[] coefficients;

    /** Per channel: input samples from absolute index {@code historyStart}; {@code historyLength} valid. */
    private double[][] history;
    private long historyStart;
    private int historyLength;
    /** Absolute input frames received (excluding the leading silence). */
    private long received;
    /** Absolute index of the next output frame. */
    private long nextOut;

    private Resampler(int fromRate, int toRate, int channels) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " -> " + toRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        int g = gcd(fromRate, toRate);
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.channels = channels;
        this.up = toRate / g;
        this.down = fromRate / g;
        if (up > MAX_PHASES) {
            throw new IllegalArgumentException("unsupported rate pair " + fromRate + " -> " + toRate
                    + " Hz: needs " + up + " filter phases, at most " + MAX_PHASES + " supported");
        }
        int minRate = Math.min(fromRate, toRate);
        double transition = TRANSITION * minRate / fromRate;
        int length = (int) Math.ceil((ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition));
        this.half = Math.max(2, (length + 1) / 2);
        this.taps = 2 * half;
        this.coefficients = design(up, half, (1 - TRANSITION) * minRate / fromRate);
        reset();
    }

    /** A mono resampler. */
    public static Resampler create(int fromRate, int toRate) {
        return new Resampler(fromRate, toRate, 1);
    }

    /**
     * A resampler for interleaved audio with {@code channels} channels.
     *
     * @throws IllegalArgumentException for non-positive arguments or a rate pair needing more than
     *                                  {@link #MAX_PHASES} filter phases
     */
    public static Resampler create(int fromRate, int toRate, int channels) {
        return new Resampler(fromRate, toRate, channels);
    }

    /** Resamples a whole PCM16 stream at once; the same result as {@link #process} then {@link #flush}. */
    public static byte[] resample(byte[] pcm16, int fromRate, int toRate, int channels) {
        if (fromRate == toRate) {
            return pcm16.clone();
        }
        Resampler r = create(fromRate, toRate, channels);
        byte[] a = r.process(pcm16);
        byte[] b = r.flush();
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Resamples whole mono PCM16 audio at once. */
    public static byte[] resample(byte[] pcm16, int fromRate, int toRate) {
        return resample(pcm16, fromRate, toRate, 1);
    }

    /** Resamples whole interleaved double samples at once, without rounding. */
    public static double[] resample(double[] samples, int fromRate, int toRate, int channels) {
        Resampler r = create(fromRate, toRate, channels);
        double[] a = r.process(samples);
        double[] b = r.flushDoubles();
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    public int channels() {
        return channels;
    }

    /** Input frames of look-ahead the filter needs: the output lags the input by this much in wall time. */
    public int latencyFrames() {
        return half;
    }

    /**
     * Feeds PCM16 and returns the output frames now complete (possibly none).
     *
     * @throws IllegalArgumentException if the chunk is not a whole number of frames
     */
    public byte[] process(byte[] pcm16) {
        int frameBytes = 2 * channels;
        if (pcm16.length % frameBytes != 0) {
            throw new IllegalArgumentException("chunk of " + pcm16.length + " bytes is not a whole number of "
                    + frameBytes + "-byte frames");
        }
        int frames = pcm16.length / frameBytes;
        append(frames, (c, i) -> (short) ((pcm16[(i * channels + c) * 2] & 0xFF) | pcm16[(i * channels + c) * 2 + 1] << 8));
        return toPcm(produce(false));
    }

    /**
     * Feeds interleaved double samples and returns the output now complete, unrounded.
     *
     * @throws IllegalArgumentException if the chunk is not a whole number of frames
     */
    public double[] process(double[] samples) {
        if (samples.length % channels != 0) {
            throw new IllegalArgumentException("chunk of " + samples.length + " samples is not a whole number of "
                    + channels + "-channel frames");
        }
        append(samples.length / channels, (c, i) -> samples[i * channels + c]);
        return produce(false);
    }

    /** Ends a PCM16 stream: returns the remaining output and resets for a new stream. */
    public byte[] flush() {
        return toPcm(flushDoubles());
    }

    /** Ends a double-sample stream: returns the remaining output and resets for a new stream. */
    public double[] flushDoubles() {
        double[] out = produce(true);
        reset();
        return out;
    }

    /** Discards all buffered input and starts a new stream. */
    public void reset() {
        history = new double[channels][Math.max(1024, 4 * taps)];
        historyStart = -half;
        historyLength = half;
        received = 0;
        nextOut = 0;
    }

    @FunctionalInterface
    private interface Source {
        double sample(int channel, int frame);
    }

    private void append(int frames, Source source) {
        ensureCapacity(historyLength + frames);
        for (int c = 0; c < channels; c++) {
            double[] h = history[c];
            for (int i = 0; i < frames; i++) {
                h[historyLength + i] = source.sample(c, i);
            }
        }
        historyLength += frames;
        received += frames;
    }

    private void ensureCapacity(int needed) {
        if (needed <= history[0].length) {
            return;
        }
        int size = Math.max(needed, history[0].length * 2);
        for (int c = 0; c < channels; c++) {
            history[c] = Arrays.copyOf(history[c], size);
        }
    }

    private double[] produce(boolean end) {
        long total;
        if (end) {
            // outputs whose time n*down/up falls before the end of the input: n*down < received*up
            total = ceilDiv(received * up, down);
            long lastNeeded = (total - 1) * down / up + half;
            int pad = (int) Math.max(0, lastNeeded + 1 - (historyStart + historyLength));
            ensureCapacity(historyLength + pad);
            for (int c = 0; c < channels; c++) {
                Arrays.fill(history[c], historyLength, historyLength + pad, 0);
            }
            historyLength += pad;
        } else {
            // output n needs input up to floor(n*down/up) + half < received
            long maxIndex = received - 1 - half;
            total = maxIndex < 0 ? 0 : ceilDiv((maxIndex + 1) * up, down);
        }
        int count = (int) Math.max(0, total - nextOut);
        double[] out = new double[count * channels];
        for (int k = 0; k < count; k++) {
            long p = (nextOut + k) * down;
            long i = p / up;
            int phase = (int) (p % up);
            int start = (int) (i - half + 1 - historyStart);
            int base = phase * taps;
            for (int c = 0; c < channels; c++) {
                double[] h = history[c];
                // Four partial sums break the add dependency chain (about 3x faster); the summation
                // order is fixed, so output stays deterministic and independent of chunking.
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                int t = 0;
                for (; t + 3 < taps; t += 4) {
                    a0 += h[start + t] * coefficients[base + t];
                    a1 += h[start + t + 1] * coefficients[base + t + 1];
                    a2 += h[start + t + 2] * coefficients[base + t + 2];
                    a3 += h[start + t + 3] * coefficients[base + t + 3];
                }
                for (; t < taps; t++) {
                    a0 += h[start + t] * coefficients[base + t];
                }
                out[k * channels + c] = (a0 + a1) + (a2 + a3);
            }
        }
        nextOut += count;
        discardConsumed();
        return out;
    }

    private void discardConsumed() {
        long firstNeeded = nextOut * down / up - half + 1;
        int drop = (int) Math.min(historyLength, Math.max(0, firstNeeded - historyStart));
        if (drop > 0) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(history[c], drop, history[c], 0, historyLength - drop);
            }
            historyStart += drop;
            historyLength -= drop;
        }
    }

    private byte[] toPcm(double[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            short s = Pcm16.clipRound(samples[i]);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /**
     * Polyphase table: for phase φ and tap k the prototype evaluated at input-sample offset
     * (φ + (half - 1 - k) * up) / up, each phase normalised to unit DC gain.
     */
    private static double[] design(int up, int half, double cutoff) {
        int taps = 2 * half;
        double beta = 0.1102 * (ATTENUATION_DB - 8.7);
        double i0Beta = besselI0(beta);
        double[] table = new double[up * taps];
        for (int phase = 0; phase < up; phase++) {
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                double x = (phase + (double) (half - 1 - k) * up) / up;
                double r = x / half;
                double window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                double v = cutoff * sinc(cutoff * x) * window;
                table[phase * taps + k] = v;
                sum += v;
            }
            for (int k = 0; k < taps; k++) {
                table[phase * taps + k] /= sum;
            }
        }
        return table;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String toString() {
        return "Resampler[" + fromRate + " -> " + toRate + " Hz, " + channels + " ch, " + taps + " taps]";
    }
}
