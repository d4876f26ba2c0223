package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MicrophoneTest {

    static byte[] stereoTone(int rate, int frames) {
        short[] s = new short[frames * 2];
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * i / (double) rate));
            s[2 * i] = v;
            s[2 * i + 1] = v;
        }
        return Pcm16.toBytes(s);
    }

    @Test
    void capturesAt48KilohertzStereoAndDelivers24KilohertzMonoChunks() throws Exception {
        FakeLines lines = new FakeLines(f -> f.getSampleRate() == 48_000 && f.getChannels() == 2);
        try (Microphone mic = Microphone.open(AudioFormat.PCM16_24KHZ_MONO, Duration.ofMillis(20), null, lines)) {
            assertThat(mic.deviceFormat()).isEqualTo(new AudioFormat(AudioFormat.Encoding.PCM16, 48_000, 2));
            byte[] captured = stereoTone(48_000, 48_000);
            lines.targets.get(0).capture(captured);

            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < 960 * 40) {
                byte[] chunk = mic.read(Duration.ofSeconds(5)).orElseThrow();
                assertThat(chunk).hasSize(960);
                got.writeBytes(chunk);
            }
            byte[] expected = Resampler.create(48_000, 24_000).process(Pcm16.toMono(captured));
            assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOf(expected, got.size()));
        }
    }

    @Test
    void deliversToAConsumerInOrder() throws Exception {
        FakeLines lines = new FakeLines(f -> f.getSampleRate() == 24_000 && f.getChannels() == 1);
        List<byte[]> chunks = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(10);
        byte[] captured = new byte[4800];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = (byte) i;
        }
        try (Microphone mic = Microphone.open(AudioFormat.PCM16_24KHZ_MONO, Duration.ofMillis(10), c -> {
            chunks.add(c);
            all.countDown();
        }, lines)) {
            lines.targets.get(0).capture(captured);
            assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> mic.read(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertThat(chunks).hasSize(10).allSatisfy(c -> assertThat(c).hasSize(480));
        assertThat(joined.toByteArray()).isEqualTo(captured);
    }

    @Test
    void readReturnsEmptyOnTimeoutAndAfterClose() throws Exception {
        FakeLines lines = new FakeLines(f -> true);
        Microphone mic = Microphone.open(AudioFormat.PCM16_24KHZ_MONO, Duration.ofMillis(20), null, lines);
        assertThat(mic.read(Duration.ofMillis(1))).isEqualTo(Optional.empty());
        mic.close();
        assertThat(lines.targets.get(0).isOpen()).isFalse();
        assertThat(mic.read(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void noInputGivesAClearException() {
        assertThatThrownBy(() -> Microphone.open(AudioFormat.PCM16_24KHZ_MONO, Duration.ofMillis(20), null, new FakeLines(f -> false)))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessageContaining("No audio input for PCM16 24000 Hz mono")
                .hasMessageContaining("Mixers found: Fake Mixer");
    }

    @Test
    void realDeviceOpensOrFailsFastWithoutHanging() throws Exception {
        Microphone mic;
        try {
            mic = Microphone.open();
        } catch (AudioDeviceException e) {
            assumeTrue(false, "no sound input on this machine: " + e.getMessage());
            return;
        }
        try (mic) {
            assertThat(mic.read(Duration.ofSeconds(5))).hasValueSatisfying(c -> assertThat(c).hasSize(960));
        }
    }
}
