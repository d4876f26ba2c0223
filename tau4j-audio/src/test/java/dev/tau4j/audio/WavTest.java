package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WavTest {

    @TempDir
    Path dir;

    /** Builds RIFF files chunk by chunk, so tests can produce any layout, broken or not. */
    static final class Riff {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Integer riffSize;
        private String magic = "RIFF";
        private String form = "WAVE";

        Riff magic(String m) {
            magic = m;
            return this;
        }

        Riff form(String f) {
            form = f;
            return this;
        }

        Riff riffSize(int size) {
            riffSize = size;
            return this;
        }

        Riff chunk(String id, byte[] data, boolean pad) {
            return chunk(id, data.length, data, pad);
        }

        Riff chunk(String id, long declaredSize, byte[] data, boolean pad) {
            body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(le32((int) declaredSize));
            body.writeBytes(data);
            if (pad && (data.length & 1) != 0) {
                body.write(0);
            }
            return this;
        }

        Riff fmt(int tag, int channels, int rate, int bits) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            int align = channels * bits / 8;
            b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * align)
                    .putShort((short) align).putShort((short) bits);
            return chunk("fmt ", b.array(), true);
        }

        Riff fmtExtensible(int subTag, int channels, int rate, int bits, int validBits) {
            ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
            int align = channels * bits / 8;
            b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * align)
                    .putShort((short) align).putShort((short) bits).putShort((short) 22)
                    .putShort((short) validBits).putInt(channels == 2 ? 3 : 4)
                    .putShort((short) subTag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
            return chunk("fmt ", b.array(), true);
        }

        byte[] bytes() {
            byte[] b = body.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(le32(riffSize != null ? riffSize : b.length + 4));
            out.writeBytes(form.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
            return out.toByteArray();
        }
    }

    static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] pcm(int... samples) {
        return Pcm16Test.pcm(samples);
    }

    static short[] shorts(int... v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) v[i];
        }
        return s;
    }

    @Test
    void pcm16RoundTripsThroughAFile() throws IOException {
        AudioFormat stereo = new AudioFormat(AudioFormat.Encoding.PCM16, 44_100, 2);
        byte[] data = pcm(1, -1, 32767, -32768, 1234, -4321);
        Path file = dir.resolve("stereo.wav");
        Wav.write(file, stereo, data);

        assertThat(Files.size(file)).isEqualTo(44 + data.length);
        WavAudio audio = Wav.read(file);
        assertThat(audio.info()).isEqualTo(new WavInfo(1, false, 44_100, 2, 16, 3));
        assertThat(audio.format()).isEqualTo(stereo);
        assertThat(audio.pcm16()).isEqualTo(data);
        assertThat(Wav.info(file).duration().toNanos()).isEqualTo(3 * 1_000_000_000L / 44_100);
    }

    @Test
    void g711FilesCarryTheirTagAFactChunkAndDecodeToPcm() throws IOException {
        byte[] pcm = pcm(0, 1000, -1000, 30000, -30000);
        for (AudioFormat f : new AudioFormat[] {AudioFormat.G711_ULAW_8KHZ, AudioFormat.G711_ALAW_8KHZ}) {
            byte[] codes = G711.encode(pcm, f.encoding());
            byte[] wav = Wav.toBytes(f, codes);
            ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getShort(20)).isEqualTo((short) (f == AudioFormat.G711_ULAW_8KHZ ? 7 : 6));
            assertThat(new String(wav, 38, 4, StandardCharsets.US_ASCII)).isEqualTo("fact");
            assertThat(b.getInt(46)).isEqualTo(5);
            assertThat(wav.length).isEqualTo(58 + 5 + 1); // odd data chunk gets a pad byte

            WavAudio audio = Wav.read(wav);
            assertThat(audio.info().encodingName()).isEqualTo(f == AudioFormat.G711_ULAW_8KHZ ? "ulaw" : "alaw");
            assertThat(audio.info().bitsPerSample()).isEqualTo(8);
            assertThat(audio.pcm16()).isEqualTo(G711.decode(codes, f.encoding()));
        }
    }

    @Test
    void readsEveryIntegerAndFloatVariant() throws IOException {
        byte[] u8 = {(byte) 0x80, (byte) 0xFF, 0x00};
        assertThat(Wav.read(new Riff().fmt(1, 1, 8000, 8).chunk("data", u8, true).bytes()).samples())
                .containsExactly(shorts(0, 127 << 8, -32768));

        byte[] s24 = {0x00, 0x00, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x7F, (byte) 0x80, 0x34, 0x12};
        assertThat(Wav.read(new Riff().fmt(1, 1, 8000, 24).chunk("data", s24, true).bytes()).samples())
                .containsExactly(shorts(-32768, 32767, 0x1235));

        ByteBuffer s32 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MIN_VALUE)
                .putInt(Integer.MAX_VALUE).putInt(0x12348000);
        assertThat(Wav.read(new Riff().fmt(1, 1, 8000, 32).chunk("data", s32.array(), true).bytes()).samples())
                .containsExactly(shorts(-32768, 32767, 0x1235));

        ByteBuffer f32 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-1f)
                .putFloat(1.5f).putFloat(Float.NaN);
        assertThat(Wav.read(new Riff().fmt(3, 2, 48_000, 32).chunk("data", f32.array(), true).bytes()).samples())
                .containsExactly(shorts(16384, -32768, 32767, 0));

        ByteBuffer f64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(-0.25).putDouble(0.999);
        assertThat(Wav.read(new Riff().fmt(3, 1, 48_000, 64).chunk("data", f64.array(), true).bytes()).samples())
                .containsExactly(shorts(-8192, 32735));
    }

    @Test
    void readsWaveFormatExtensible() throws IOException {
        byte[] s24 = {0x00, 0x00, 0x40, 0x00, 0x00, (byte) 0xC0};
        WavAudio audio = Wav.read(new Riff().fmtExtensible(1, 2, 96_000, 24, 24).chunk("data", s24, true).bytes());
        assertThat(audio.info()).isEqualTo(new WavInfo(1, true, 96_000, 2, 24, 1));
        assertThat(audio.samples()).containsExactly(shorts(16384, -16384));

        ByteBuffer f32 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f);
        assertThat(Wav.read(new Riff().fmtExtensible(3, 1, 48_000, 32, 32).chunk("data", f32.array(), true).bytes()).samples())
                .containsExactly(shorts(8192));
    }

    @Test
    void readsFilesWrittenByPythonsWaveModule() throws IOException {
        WavAudio stereo = read("python-wave-24bit-stereo-16k-440l-1000r.wav");
        assertThat(stereo.info()).isEqualTo(new WavInfo(1, false, 16_000, 2, 24, 800));
        short[] s = stereo.samples();
        for (int i = 0; i < 800; i++) {
            assertThat((double) s[2 * i]).isCloseTo(0.5 * 32767 * Math.sin(2 * Math.PI * 440 * i / 16000), within(1.0));
            assertThat((double) s[2 * i + 1]).isCloseTo(-0.25 * 32767 * Math.sin(2 * Math.PI * 1000 * i / 16000), within(1.0));
        }
        WavAudio ramp = read("python-wave-8bit-mono-8k-ramp.wav");
        assertThat(ramp.frames()).isEqualTo(256);
        assertThat(ramp.samples()[0]).isEqualTo((short) -32768);
        assertThat(ramp.samples()[255]).isEqualTo((short) (127 << 8));
    }

    @Test
    void skipsUnknownChunksAndToleratesOddPaddingEitherWay() throws IOException {
        byte[] data = pcm(7, -7);
        byte[] odd = "INFOabc".getBytes(StandardCharsets.US_ASCII);
        byte[] padded = new Riff().chunk("LIST", odd, true).fmt(1, 1, 8000, 16).chunk("junk", new byte[3], true)
                .chunk("data", data, true).chunk("cue ", new byte[4], true).bytes();
        byte[] unpadded = new Riff().chunk("LIST", odd, false).fmt(1, 1, 8000, 16).chunk("junk", new byte[3], false)
                .chunk("data", data, true).bytes();
        assertThat(Wav.read(padded).pcm16()).isEqualTo(data);
        assertThat(Wav.read(unpadded).pcm16()).isEqualTo(data);
    }

    @Test
    void dataSizeZeroOrUnknownMeansTheRestOfTheFile() throws IOException {
        byte[] data = pcm(1, 2, 3, 4);
        for (long declared : new long[] {0, 0xFFFFFFFFL}) {
            byte[] wav = new Riff().fmt(1, 1, 8000, 16).chunk("data", declared, data, false).riffSize(-1).bytes();
            assertThat(Wav.read(wav).pcm16()).as("declared %d", declared).isEqualTo(data);
        }
        byte[] partialFrame = new Riff().fmt(1, 2, 8000, 16).chunk("data", 0, pcm(1, 2, 3), false).bytes();
        assertThat(Wav.read(partialFrame).samples()).containsExactly(shorts(1, 2));
    }

    @Test
    void brokenFilesAreNamedPrecisely() {
        assertBroken(new byte[5], "not a RIFF file: only 5 bytes");
        assertBroken("ID3\u0004xxxxxxxxxxxx".getBytes(StandardCharsets.ISO_8859_1), "not a RIFF file: starts with bytes 49 44 33 04");
        assertBroken(new Riff().magic("RIFX").bytes(), "big-endian RIFX");
        assertBroken(new Riff().magic("RF64").bytes(), "RF64");
        assertBroken(new Riff().form("AVI ").bytes(), "not a WAVE file: RIFF form type is 'AVI '");
        assertBroken(new Riff().chunk("data", pcm(1), true).bytes(), "fmt chunk missing");
        assertBroken(new Riff().fmt(1, 1, 8000, 16).bytes(), "data chunk missing");
        assertBroken(new Riff().fmt(85, 1, 8000, 16).chunk("data", pcm(1), true).bytes(), "unsupported format tag 85 (MP3)");
        assertBroken(new Riff().fmt(2, 1, 8000, 4).chunk("data", pcm(1), true).bytes(), "unsupported format tag 2 (Microsoft ADPCM)");
        assertBroken(new Riff().fmt(1, 1, 8000, 12).chunk("data", pcm(1), true).bytes(), "unsupported PCM sample size 12 bits");
        assertBroken(new Riff().fmt(1, 0, 8000, 16).chunk("data", pcm(1), true).bytes(), "0 channels");
        assertBroken(new Riff().chunk("fmt ", new byte[10], true).chunk("data", pcm(1), true).bytes(), "fmt chunk too short: 10 bytes");
        assertBroken(new Riff().fmt(1, 1, 8000, 16).chunk("data", 96_000, new byte[1200], false).bytes(),
                "data chunk truncated: header says 96000 bytes, file has 1200");
    }

    @Test
    void brokenFileOnDiskThrowsTheTypedException() throws IOException {
        Path file = dir.resolve("text.wav");
        Files.writeString(file, "this is not audio at all");
        assertThatThrownBy(() -> Wav.read(file)).isInstanceOf(WavFormatException.class).isInstanceOf(IOException.class)
                .hasMessage("not a RIFF file: starts with 'this'");
    }

    @Test
    void convertsToPcm16AtAnotherRateAndChannelCount() throws IOException {
        WavAudio stereo = read("python-wave-24bit-stereo-16k-440l-1000r.wav");
        byte[] mono24k = stereo.pcm16(24_000, 1);
        assertThat(mono24k).hasSize(1200 * 2);
        byte[] expectedMono = Resampler.resample(stereo.pcm16(16_000, 1), 16_000, 24_000);
        assertThat(mono24k).isEqualTo(expectedMono);

        WavAudio mono = Wav.read(Wav.toBytes(AudioFormat.pcm16(8000), pcm(5, -5)));
        assertThat(Pcm16.toSamples(mono.pcm16(8000, 2))).containsExactly(shorts(5, 5, -5, -5));
        assertThatThrownBy(() -> stereo.pcm16(16_000, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(stereo.peakDbfs()).isCloseTo(-6.02, within(0.05));
    }

    private WavAudio read(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/wav/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return Wav.read(in);
        }
    }

    private static void assertBroken(byte[] wav, String message) {
        assertThatThrownBy(() -> Wav.read(wav)).isInstanceOf(WavFormatException.class).hasMessageContaining(message);
    }
}
