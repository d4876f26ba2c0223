package dev.tau4j.simulator;

/**
 * Energy-based voice activity detector over the session's appended input audio.
 *
 * <p>Works on 10 ms frames: a frame is speech when its RMS (full scale = 1.0) is at least {@code
 * threshold / 10} (so the default 0.5 needs ≈ -26 dBFS). Speech starts at the first speech
 * frame; it stops once {@code silenceMs} of non-speech frames follow. Times are milliseconds
 * since the first appended byte of the session. Confined to the connection thread.
 */
final class Vad {
    sealed interface Event {}

    record Started(long speechMs) implements Event {}

    record Stopped(long endMs) implements Event {}

    private final int bytesPerMs;
    private final boolean g711u;
    private final boolean g711a;
    private double threshold = 0.5;
    private long silenceMs = 200;
    private byte[] pending = new byte[0];
    private long cursorMs;
    private boolean speaking;
    private long silentRunMs;

    /** A detector for {@code format} ({@code audio/pcm}, {@code audio/pcmu}, {@code audio/pcma}) at {@code bytesPerMs}. */
    Vad(String format, int bytesPerMs) {
        this.g711u = "audio/pcmu".equals(format);
        this.g711a = "audio/pcma".equals(format);
        this.bytesPerMs = bytesPerMs;
    }

    int bytesPerMs() {
        return bytesPerMs;
    }

    void configure(double threshold, long silenceMs) {
        this.threshold = threshold;
        this.silenceMs = silenceMs;
    }

    long cursorMs() {
        return cursorMs;
    }

    boolean speaking() {
        return speaking;
    }

    void reset() {
        speaking = false;
        silentRunMs = 0;
    }

    /** Feeds audio; returns the first state change in it, or null (call again with empty input to drain). */
    Event feed(byte[] audio) {
        if (audio.length > 0) {
            byte[] joined = new byte[pending.length + audio.length];
            System.arraycopy(pending, 0, joined, 0, pending.length);
            System.arraycopy(audio, 0, joined, pending.length, audio.length);
            pending = joined;
        }
        int frame = bytesPerMs * 10;
        int off = 0;
        Event result = null;
        while (pending.length - off >= frame && result == null) {
            boolean speech = rms(pending, off, frame) >= threshold / 10;
            off += frame;
            cursorMs += 10;
            if (!speaking && speech) {
                speaking = true;
                silentRunMs = 0;
                result = new Started(cursorMs - 10);
            } else if (speaking) {
                silentRunMs = speech ? 0 : silentRunMs + 10;
                if (silentRunMs >= silenceMs) {
                    speaking = false;
                    result = new Stopped(cursorMs);
                }
            }
        }
        byte[] rest = new byte[pending.length - off];
        System.arraycopy(pending, off, rest, 0, rest.length);
        pending = rest;
        return result;
    }

    private double rms(byte[] b, int off, int len) {
        double sum = 0;
        int n = 0;
        if (!g711u && !g711a) {
            for (int i = off; i + 1 < off + len; i += 2) {
                double s = (short) ((b[i] & 0xff) | (b[i + 1] << 8)) / 32768.0;
                sum += s * s;
                n++;
            }
        } else {
            for (int i = off; i < off + len; i++) {
                double s = (g711u ? ulaw(b[i]) : alaw(b[i])) / 32768.0;
                sum += s * s;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    static int ulaw(byte v) {
        int u = ~v & 0xff;
        int t = ((u & 0x0f) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    static int alaw(byte v) {
        int a = (v ^ 0x55) & 0xff;
        int t = (a & 0x0f) << 4;
        int seg = (a & 0x70) >> 4;
        t = seg == 0 ? t + 8 : seg == 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
        return (a & 0x80) != 0 ? t : -t;
    }
}
