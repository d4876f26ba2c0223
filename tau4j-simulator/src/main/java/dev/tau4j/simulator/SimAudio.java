package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic test audio in the simulator's input format (PCM16 little-endian mono 24 kHz).
 *
 * <p>{@link #speech(Duration)} produces syllable-like tone bursts (≈140 ms voiced, 40 ms quiet)
 * that the simulator's server VAD detects as speech at the default threshold; {@link
 * #silence(Duration)} is digital silence. The simulator's own output audio uses the same
 * generator.
 */
public final class SimAudio {
    /** Sample rate of the simulator's PCM audio. */
    public static final int SAMPLE_RATE = 24_000;

    private static final int SYLLABLE_MS = 180;
    private static final int VOICED_MS = 140;

    private SimAudio() {}

    /** Speech-like PCM16 of the given length. */
    public static byte[] speech(Duration length) {
        return speech(length.toMillis(), 0);
    }

    /** Digital silence (all zero samples) of the given length. */
    public static byte[] silence(Duration length) {
        return new byte[bytesFor(length.toMillis())];
    }

    /** Speech-like PCM16 whose length fits {@code text} when spoken (≈ 65 ms per character). */
    public static byte[] speechFor(String text) {
        return speech(spokenMs(text), text.hashCode());
    }

    /** Milliseconds needed to speak {@code text}: 65 ms per character, at least 300 ms, in 20 ms steps. */
    public static long spokenMs(String text) {
        long ms = Math.max(300, text.length() * 65L);
        return (ms + 19) / 20 * 20;
    }

    /** Byte count of {@code ms} milliseconds of PCM16 24 kHz mono. */
    public static int bytesFor(long ms) {
        return (int) (ms * SAMPLE_RATE / 1000 * 2);
    }

    /** Output audio: the PCM and its 100 ms delta chunks in base64, encoded for the wire once ({@link Json#encoded}). Shared: never modify. */
    record Spoken(byte[] pcm, JsonNode[] chunks) {}

    /**
     * Recent output audio by length and variant: responders repeat themselves, and synthesis and
     * base64 are the costliest steps of a response under load.
     */
    private static final Map<Long, Spoken> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Spoken> eldest) {
            return size() > 32;
        }
    };

    /** {@link #speech(long, int)} with its base64 chunks of {@code chunkBytes}, shared from a small cache. */
    static Spoken spoken(long ms, int variant, int chunkBytes) {
        Long key = ms << 32 ^ (variant & 0xffffffffL);
        synchronized (CACHE) {
            Spoken hit = CACHE.get(key);
            if (hit != null && hit.chunks().length > 0 && hit.pcm().length <= (long) hit.chunks().length * chunkBytes) {
                return hit;
            }
        }
        byte[] pcm = speech(ms, variant);
        JsonNode[] chunks = new JsonNode[Math.max(1, (pcm.length + chunkBytes - 1) / chunkBytes)];
        for (int j = 0; j < chunks.length; j++) {
            int from = j * chunkBytes;
            chunks[j] = Json.encoded(Base64.getEncoder().encodeToString(Arrays.copyOfRange(pcm, from, Math.min(pcm.length, from + chunkBytes))));
        }
        Spoken made = new Spoken(pcm, chunks);
        synchronized (CACHE) {
            CACHE.put(key, made);
        }
        return made;
    }

    static byte[] speech(long ms, int variant) {
        int samples = (int) (ms * SAMPLE_RATE / 1000);
        byte[] out = new byte[samples * 2];
        int syllableSamples = SYLLABLE_MS * SAMPLE_RATE / 1000;
        int voicedSamples = VOICED_MS * SAMPLE_RATE / 1000;
        for (int i = 0; i < samples; i++) {
            int syllable = i / syllableSamples;
            int pos = i % syllableSamples;
            double v = 0;
            if (pos < voicedSamples) {
                double f0 = 140 + ((syllable * 37 + variant) & 0x3f) * 2.0;
                double t = (double) i / SAMPLE_RATE;
                double envelope = Math.sin(Math.PI * pos / voicedSamples);
                v = envelope * (0.7 * Math.sin(2 * Math.PI * f0 * t) + 0.3 * Math.sin(2 * Math.PI * 2 * f0 * t));
            }
            int s = (int) Math.round(v * 12_000);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }
}
