package dev.tau4j.audio;

import java.time.Duration;

/**
 * What a WAV file's header says about its audio.
 *
 * @param formatTag     the effective WAVE format tag: 1 integer PCM, 3 IEEE float, 6 A-law, 7 μ-law
 *                      (for {@code WAVE_FORMAT_EXTENSIBLE} files, the tag of the sub-format)
 * @param extensible    whether the file used {@code WAVE_FORMAT_EXTENSIBLE}
 * @param sampleRate    frames per second, positive
 * @param channels      interleaved channels, positive
 * @param bitsPerSample container bits per sample: 8, 16, 24, 32 or 64
 * @param frames        whole frames of audio in the data chunk
 */
public record WavInfo(int formatTag, boolean extensible, int sampleRate, int channels, int bitsPerSample, long frames) {

    /** Tag of integer PCM. */
    public static final int PCM = 1;
    /** Tag of IEEE floating point. */
    public static final int IEEE_FLOAT = 3;
    /** Tag of G.711 A-law. */
    public static final int ALAW = 6;
    /** Tag of G.711 μ-law. */
    public static final int ULAW = 7;

    public WavInfo {
        if (sampleRate <= 0 || channels <= 0 || bitsPerSample <= 0 || frames < 0) {
            throw new IllegalArgumentException("invalid WAV info: rate " + sampleRate + ", channels " + channels
                    + ", bits " + bitsPerSample + ", frames " + frames);
        }
    }

    /** Playing time of the data. */
    public Duration duration() {
        return Duration.ofNanos(Math.multiplyExact(frames, 1_000_000_000L) / sampleRate);
    }

    /** Short name of the sample encoding: {@code "pcm"}, {@code "float"}, {@code "ulaw"} or {@code "alaw"}. */
    public String encodingName() {
        return switch (formatTag) {
            case PCM -> "pcm";
            case IEEE_FLOAT -> "float";
            case ALAW -> "alaw";
            case ULAW -> "ulaw";
            default -> "tag " + formatTag;
        };
    }
}
