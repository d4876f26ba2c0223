package dev.tau4j.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Audio read from a WAV file: the source header and the samples decoded to 16-bit PCM.
 *
 * <p>Wider samples are rounded to 16 bits (24/32-bit integer) or scaled by 32768, rounded and
 * clipped (float); 8-bit unsigned and G.711 samples are expanded. Immutable and thread-safe;
 * accessors return copies.
 */
public final class WavAudio {

    private final WavInfo info;
    private final short[] samples;

    WavAudio(WavInfo info, short[] samples) {
        this.info = Objects.requireNonNull(info, "info");
        this.samples = samples;
    }

    /** The file's header. */
    public WavInfo info() {
        return info;
    }

    /** PCM16 at the source's rate and channel count: the format of {@link #pcm16()}. */
    public AudioFormat format() {
        return new AudioFormat(AudioFormat.Encoding.PCM16, info.sampleRate(), info.channels());
    }

    /** Whole frames of audio. */
    public long frames() {
        return info.frames();
    }

    public Duration duration() {
        return info.duration();
    }

    /** Interleaved 16-bit samples (a copy). */
    public short[] samples() {
        return samples.clone();
    }

    /** Interleaved little-endian PCM16 at the source rate and channel count. */
    public byte[] pcm16() {
        return Pcm16.toBytes(samples);
    }

    /**
     * Little-endian PCM16 converted to {@code sampleRate} and {@code channels}: mono averages all
     * source channels, stereo duplicates a mono source, and any other count must equal the source's.
     *
     * @throws IllegalArgumentException for a channel conversion not described above or an
     *                                  unsupported rate pair (see {@link Resampler})
     */
    public byte[] pcm16(int sampleRate, int channels) {
        int from = info.channels();
        short[] mapped;
        if (channels == from) {
            mapped = samples;
        } else if (channels == 1) {
            mapped = new short[samples.length / from];
            for (int i = 0; i < mapped.length; i++) {
                long sum = 0;
                for (int c = 0; c < from; c++) {
                    sum += samples[i * from + c];
                }
                mapped[i] = Pcm16.clipRound((double) sum / from);
            }
        } else if (channels == 2 && from == 1) {
            mapped = new short[samples.length * 2];
            for (int i = 0; i < samples.length; i++) {
                mapped[2 * i] = samples[i];
                mapped[2 * i + 1] = samples[i];
            }
        } else {
            throw new IllegalArgumentException("cannot convert " + from + " channels to " + channels
                    + ": mono, stereo from mono, or the same count");
        }
        byte[] pcm = Pcm16.toBytes(mapped);
        return sampleRate == info.sampleRate() ? pcm : Resampler.resample(pcm, info.sampleRate(), sampleRate, channels);
    }

    /** Peak level over all channels in dBFS ({@code -Infinity} for silence). */
    public double peakDbfs() {
        int peak = 0;
        for (short s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(peak / 32768.0);
    }

    /** RMS level over all channels in dBFS ({@code -Infinity} for silence). */
    public double rmsDbfs() {
        return Pcm16.rmsDbfs(samples, 0, samples.length);
    }

    @Override
    public String toString() {
        return "WavAudio[" + info + "]";
    }
}
