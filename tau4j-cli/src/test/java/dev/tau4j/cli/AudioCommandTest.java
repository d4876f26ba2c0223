package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.G711;
import dev.tau4j.audio.Pcm16;
import dev.tau4j.audio.Wav;
import dev.tau4j.audio.WavAudio;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AudioCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cmd = new CommandLine(new AudioCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    Path stereoTone48k() throws IOException {
        short[] s = new short[48_000 * 2];
        for (int i = 0; i < 48_000; i++) {
            short v = (short) Math.round(16384 * Math.sin(2 * Math.PI * 1000 * i / 48_000.0));
            s[2 * i] = v;
            s[2 * i + 1] = v;
        }
        Path file = dir.resolve("tone 48k stereo.wav");
        Wav.write(file, new AudioFormat(AudioFormat.Encoding.PCM16, 48_000, 2), Pcm16.toBytes(s));
        return file;
    }

    @Test
    void convertResamplesAndDownmixesToMono() throws IOException {
        Path in = stereoTone48k();
        Path outFile = dir.resolve("out.wav");
        assertThat(run("convert", in.toString(), "--rate", "24000", "--out", outFile.toString())).isZero();
        WavAudio converted = Wav.read(outFile);
        assertThat(converted.format()).isEqualTo(AudioFormat.PCM16_24KHZ_MONO);
        assertThat(converted.frames()).isEqualTo(24_000);
        assertThat(converted.peakDbfs()).isBetween(-6.1, -5.9);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void convertEncodesUlawAt8000ByDefault() throws IOException {
        Path outFile = dir.resolve("phone.wav");
        assertThat(run("convert", stereoTone48k().toString(), "--format", "ulaw", "--out", outFile.toString())).isZero();
        WavAudio converted = Wav.read(outFile);
        assertThat(converted.info().encodingName()).isEqualTo("ulaw");
        assertThat(converted.info().sampleRate()).isEqualTo(8000);
        byte[] raw = Files.readAllBytes(outFile);
        assertThat(raw[20]).isEqualTo((byte) 7);
        assertThat(converted.pcm16()).isEqualTo(G711.decodeUlaw(java.util.Arrays.copyOfRange(raw, 58, 58 + 8000)));
    }

    @Test
    void g711AtAnotherRateIsAUsageError() throws IOException {
        int code = run("convert", stereoTone48k().toString(), "--format", "alaw", "--rate", "16000", "--out", dir.resolve("x.wav").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tau audio: G.711 (alaw) requires --rate 8000, got 16000" + System.lineSeparator());
        assertThat(dir.resolve("x.wav")).doesNotExist();
    }

    @Test
    void missingOptionIsAUsageError() {
        assertThat(run("convert", "in.wav")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required option: '--out=OUT.wav'");
    }

    @Test
    void brokenAndMissingFilesAreUsageErrorsOnOneLine() throws IOException {
        Path broken = dir.resolve("broken.wav");
        Files.writeString(broken, "RIFF....WAVEjunk");
        assertThat(run("info", broken.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo("tau audio: not a readable WAV file: fmt chunk missing (and no data chunk)"
                + System.lineSeparator());

        StringWriter err2 = new StringWriter();
        CommandLine cmd = new CommandLine(new AudioCommand());
        cmd.setErr(new PrintWriter(err2, true));
        assertThat(cmd.execute("convert", dir.resolve("nope.wav").toString(), "--out", dir.resolve("o.wav").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err2.toString()).contains("nope.wav: no such file").hasLineCount(1);

        StringWriter err3 = new StringWriter();
        cmd.setErr(new PrintWriter(err3, true));
        assertThat(cmd.execute("info", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err3.toString()).isEqualTo("tau audio: " + dir + ": is a directory" + System.lineSeparator());
    }

    @Test
    void infoPrintsFormatDurationAndLevels() throws IOException {
        assertThat(run("info", stereoTone48k().toString())).isZero();
        assertThat(out.toString())
                .contains("format:   pcm")
                .contains("rate:     48000 Hz")
                .contains("channels: 2")
                .contains("bits:     16")
                .contains("duration: 1.000 s (48000 frames)")
                .contains("peak:     -6.02 dBFS")
                .contains("rms:      -9.03 dBFS");
    }

    @Test
    void infoPrintsJson() throws IOException {
        Path ulaw = dir.resolve("silence.wav");
        Wav.write(ulaw, AudioFormat.G711_ULAW_8KHZ, new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertThat(run("info", "--json", ulaw.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"file\":\"" + ulaw.toString().replace("\\", "\\\\")
                + "\",\"format\":\"ulaw\",\"sample_rate\":8000,\"channels\":1,\"bits\":8,\"frames\":2,"
                + "\"duration_ms\":0.25,\"peak_dbfs\":null,\"rms_dbfs\":null}");
    }
}
