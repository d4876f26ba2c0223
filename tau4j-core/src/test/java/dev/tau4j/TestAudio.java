package dev.tau4j;

/** PCM16 24 kHz mono test signals: a speech-loud tone and silence. */
final class TestAudio {

    private TestAudio() {
    }

    /** {@code ms} of a 300 Hz tone at half scale (about -9 dBFS RMS): loud enough for any VAD. */
    static byte[] tone(int ms) {
        int samples = 24 * ms;
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short s = (short) (Math.sin(2 * Math.PI * 300 * i / 24_000.0) * 16_000);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /** {@code ms} of digital silence. */
    static byte[] silence(int ms) {
        return new byte[24 * ms * 2];
    }
}
