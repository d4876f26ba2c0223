package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SpeakerTest {

    static final AudioFormat FORMAT = AudioFormat.PCM16_24KHZ_MONO;

    static byte[] tone(int frames) {
        short[] s = new short[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = (short) Math.round(10_000 * Math.sin(2 * Math.PI * 440 * i / 24_000.0));
        }
        return Pcm16.toBytes(s);
    }

    @Test
    void clockFollowsTheLinePositionNotTheBytesWritten() throws Exception {
        FakeLines lines = new FakeLines(f -> true);
        try (Speaker speaker = Speaker.open(FORMAT, lines)) {
            FakeLines.FakeSource line = lines.sources.get(0);
            byte[] audio = tone(2400);
            speaker.write(audio);
            assertThat(line.isRunning()).isTrue();
            assertThat(speaker.playedFrames()).isZero();
            assertThat(speaker.queuedFrames()).isEqualTo(2400);

            line.play(1000);
            assertThat(speaker.playedFrames()).isEqualTo(1000);
            line.play(5000);
            assertThat(speaker.playedFrames()).isEqualTo(2400);
            assertThat(speaker.drain(Duration.ZERO)).isTrue();
            assertThat(line.played.toByteArray()).isEqualTo(audio);
        }
    }

    @Test
    void writeBlocksWhileTheLineIsFullAndClearUnblocksItDroppingTheRest() throws Exception {
        FakeLines lines = new FakeLines(f -> true);
        Speaker speaker = Speaker.open(FORMAT, lines);
        FakeLines.FakeSource line = lines.sources.get(0);
        int bufferFrames = line.getBufferSize() / 2;
        byte[] audio = tone(bufferFrames * 4);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> speaker.write(audio));
        line.awaitBuffered(line.getBufferSize());
        assertThat(writer).isNotDone();

        line.play(1200);
        speaker.clear();
        writer.get(5, TimeUnit.SECONDS);
        assertThat(line.buffered()).isZero();
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(50));
        assertThat(speaker.queuedFrames()).isZero();
        line.play(100_000);
        assertThat(line.played.size()).isEqualTo(2400);

        speaker.write(tone(240));
        line.play(240);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(60));
        speaker.close();
        assertThat(line.isOpen()).isFalse();
        assertThatThrownBy(() -> speaker.write(tone(10))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fallsBackTo48KilohertzAndCountsTheClockInRequestedFrames() throws Exception {
        FakeLines lines = new FakeLines(f -> f.getSampleRate() == 48_000);
        try (Speaker speaker = Speaker.open(FORMAT, lines)) {
            assertThat(speaker.deviceRate()).isEqualTo(48_000);
            FakeLines.FakeSource line = lines.sources.get(0);
            byte[] audio = tone(2400);
            speaker.write(audio);
            line.play(Integer.MAX_VALUE);
            assertThat(speaker.drain(Duration.ZERO)).isFalse(); // drain pushed out the resampler's look-ahead
            line.play(Integer.MAX_VALUE);
            assertThat(speaker.drain(Duration.ZERO)).isTrue();
            assertThat(speaker.playedFrames()).isEqualTo(2400);
            assertThat(line.played.toByteArray()).isEqualTo(Resampler.resample(audio, 24_000, 48_000));
        }
    }

    @Test
    void noDeviceGivesAClearExceptionListingTriesAndMixers() {
        FakeLines lines = new FakeLines(f -> false);
        assertThatThrownBy(() -> Speaker.open(FORMAT, lines))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessageContaining("No audio output for PCM16 24000 Hz mono")
                .hasMessageContaining("48000 Hz")
                .hasMessageContaining("44100 Hz")
                .hasMessageContaining("Mixers found: Fake Mixer (test double)")
                .hasMessageContaining("Speaker.virtual");
        assertThatThrownBy(() -> Speaker.open(AudioFormat.G711_ULAW_8KHZ, lines)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void realDeviceOpensOrFailsFastWithoutHanging() throws Exception {
        Speaker speaker;
        try {
            speaker = Speaker.open(FORMAT);
        } catch (AudioDeviceException e) {
            assertThat(e).hasMessageContaining("Mixers found:");
            assumeTrue(false, "no sound output on this machine: " + e.getMessage());
            return;
        }
        try (speaker) {
            speaker.write(new byte[4800]);
            assertThat(speaker.drain(Duration.ofSeconds(5))).isTrue();
            assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(100));
        }
    }
}
