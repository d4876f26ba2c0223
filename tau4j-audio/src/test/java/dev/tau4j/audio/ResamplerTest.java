package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResamplerTest {

    static final int[] RATES = {8_000, 16_000, 22_050, 24_000, 44_100, 48_000};

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (int from : RATES) {
            for (int to : RATES) {
                if (from != to) {
                    out.add(Arguments.of(from, to));
                }
            }
        }
        return out.stream();
    }

    static double[] tone(double hz, int rate, int frames, double amplitude) {
        double[] s = new double[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = amplitude * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return s;
    }

    /** SNR of {@code actual} against the ideal tone at the output rate, skipping {@code skip} frames at each edge. */
    static double snrDb(double[] actual, double hz, int rate, double amplitude, int skip) {
        double signal = 0;
        double noise = 0;
        for (int i = skip; i < actual.length - skip; i++) {
            double ideal = amplitude * Math.sin(2 * Math.PI * hz * i / rate);
            signal += ideal * ideal;
            noise += (actual[i] - ideal) * (actual[i] - ideal);
        }
        return 10 * Math.log10(signal / noise);
    }

    /** Least-squares amplitude of a tone of frequency {@code hz} in {@code s}, skipping the edges. */
    static double amplitude(double[] s, double hz, int rate, int skip) {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = skip; i < s.length - skip; i++) {
            double sin = Math.sin(2 * Math.PI * hz * i / rate);
            double cos = Math.cos(2 * Math.PI * hz * i / rate);
            ss += sin * sin;
            cc += cos * cos;
            sc += sin * cos;
            ys += s[i] * sin;
            yc += s[i] * cos;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return Math.hypot(a, b);
    }

    static double rms(double[] s, int skip) {
        double sum = 0;
        for (int i = skip; i < s.length - skip; i++) {
            sum += s[i] * s[i];
        }
        return Math.sqrt(sum / (s.length - 2 * skip));
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @MethodSource("pairs")
    void oneKilohertzToneKeepsSnrAbove90DbOnTheDoublePath(int from, int to) {
        double[] in = tone(1000, from, from / 2, 0.5);
        double[] out = Resampler.resample(in, from, to, 1);

        assertThat(out).hasSize((int) Math.ceil((double) in.length * to / from));
        int skip = Resampler.create(from, to).latencyFrames() * to / from + 4;
        assertThat(snrDb(out, 1000, to, 0.5, skip)).isGreaterThanOrEqualTo(90);
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @MethodSource("pairs")
    void oneKilohertzToneKeepsSnrNearThe16BitLimitOnThePcmPath(int from, int to) {
        double amplitude = 0.5 * 32767;
        short[] s = new short[from / 2];
        double[] ideal = tone(1000, from, s.length, amplitude);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(ideal[i]);
        }
        short[] out = Pcm16.toSamples(Resampler.resample(Pcm16.toBytes(s), from, to));
        double[] d = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            d[i] = out[i];
        }
        int skip = Resampler.create(from, to).latencyFrames() * to / from + 4;
        // Two 16-bit quantisations of a -6 dBFS tone bound the SNR near 90 dB.
        assertThat(snrDb(d, 1000, to, amplitude, skip)).isGreaterThanOrEqualTo(84);
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @MethodSource("pairs")
    void passbandIsFlatToWithinAHundredthOfADecibel(int from, int to) {
        double nyquist = Math.min(from, to) / 2.0;
        for (double f : new double[] {50, 300, 1000, 0.5 * nyquist, 0.8 * nyquist, 0.9 * nyquist}) {
            double[] out = Resampler.resample(tone(f, from, from / 2, 0.5), from, to, 1);
            int skip = Resampler.create(from, to).latencyFrames() * to / from + 4;
            double gainDb = 20 * Math.log10(amplitude(out, f, to, skip) / 0.5);
            assertThat(Math.abs(gainDb)).as("gain at %.0f Hz", f).isLessThan(0.01);
        }
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @MethodSource("pairs")
    void toneAboveTheTargetNyquistIsRejectedBy90Db(int from, int to) {
        if (to >= from) {
            return;
        }
        double f = 0.5 * (to / 2.0 + from / 2.0);
        double[] out = Resampler.resample(tone(f, from, from / 2, 1.0), from, to, 1);
        int skip = Resampler.create(from, to).latencyFrames() * to / from + 4;
        double levelDb = 20 * Math.log10(rms(out, skip) / Math.sqrt(0.5));
        assertThat(levelDb).as("%.0f Hz tone after %d -> %d", f, from, to).isLessThan(-90);
    }

    @Test
    void streamingInRandomChunksIsBitIdenticalToOneShot() {
        Random random = new Random(42);
        for (int[] pair : new int[][] {{24_000, 48_000}, {48_000, 24_000}, {8_000, 24_000}, {44_100, 24_000}, {22_050, 16_000}}) {
            for (int channels = 1; channels <= 2; channels++) {
                byte[] in = new byte[pair[0] / 3 * 2 * channels];
                random.nextBytes(in);
                byte[] expected = Resampler.resample(in, pair[0], pair[1], channels);

                Resampler r = Resampler.create(pair[0], pair[1], channels);
                ByteArrayOutputStream streamed = new ByteArrayOutputStream();
                int frameBytes = 2 * channels;
                for (int off = 0; off < in.length; ) {
                    int len = Math.min(in.length - off, random.nextInt(400) * frameBytes);
                    streamed.writeBytes(r.process(java.util.Arrays.copyOfRange(in, off, off + len)));
                    off += len;
                }
                streamed.writeBytes(r.flush());
                assertThat(streamed.toByteArray()).as("%d -> %d, %d ch", pair[0], pair[1], channels).isEqualTo(expected);
            }
        }
    }

    @Test
    void flushResetsForANewStream() {
        byte[] in = Pcm16.toBytes(new short[] {1000, -1000, 2000, 0, 500, 700, -300, 100});
        Resampler r = Resampler.create(8_000, 24_000);
        byte[] first = concat(r.process(in), r.flush());
        byte[] second = concat(r.process(in), r.flush());
        assertThat(second).isEqualTo(first).hasSize(in.length * 3);
    }

    @Test
    void stereoChannelsAreResampledIndependently() {
        double[] left = tone(440, 48_000, 4800, 0.3);
        double[] right = tone(1000, 48_000, 4800, 0.6);
        double[] stereo = new double[left.length * 2];
        for (int i = 0; i < left.length; i++) {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = right[i];
        }
        double[] out = Resampler.resample(stereo, 48_000, 24_000, 2);
        double[] l = Resampler.resample(left, 48_000, 24_000, 1);
        double[] rr = Resampler.resample(right, 48_000, 24_000, 1);
        for (int i = 0; i < l.length; i++) {
            assertThat(out[2 * i]).isEqualTo(l[i]);
            assertThat(out[2 * i + 1]).isEqualTo(rr[i]);
        }
    }

    @Test
    void rejectsPartialFramesAndAbsurdRatePairs() {
        Resampler r = Resampler.create(48_000, 24_000, 2);
        assertThatThrownBy(() -> r.process(new byte[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a whole number of 4-byte frames");
        assertThatThrownBy(() -> Resampler.create(44_100, 48_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported rate pair 44100 -> 48001 Hz");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
