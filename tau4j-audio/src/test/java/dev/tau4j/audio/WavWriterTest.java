package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WavWriterTest {

    @TempDir
    Path dir;

    @Test
    void streamsChunksAndFixesTheSizesOnClose() throws IOException {
        Path file = dir.resolve("session.wav");
        byte[] all = new byte[48_000];
        new Random(1).nextBytes(all);
        try (WavWriter w = WavWriter.create(file, AudioFormat.PCM16_24KHZ_MONO)) {
            for (int off = 0; off < all.length; off += 960) {
                w.write(all, off, 960);
                assertThat(Files.size(file)).isEqualTo(44 + off + 960); // on disk, not buffered
            }
            assertThat(w.duration()).isEqualTo(Duration.ofSeconds(1));
        }
        byte[] wav = Files.readAllBytes(file);
        assertThat(wav).isEqualTo(Wav.toBytes(AudioFormat.PCM16_24KHZ_MONO, all));
    }

    @Test
    void anUnclosedRecordingIsStillReadable() throws IOException {
        Path file = dir.resolve("crashed.wav");
        WavWriter w = WavWriter.create(file, AudioFormat.PCM16_24KHZ_MONO);
        w.write(Pcm16Test.pcm(1, 2, 3));
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(40)).isEqualTo(-1);
        assertThat(Wav.read(file).samples()).containsExactly((short) 1, (short) 2, (short) 3);
        w.close();
        w.close();
        assertThatThrownBy(() -> w.write(new byte[2])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void g711RecordingGetsFactCountAndPadByte() throws IOException {
        Path file = dir.resolve("call.wav");
        byte[] codes = G711.encodeUlaw(Pcm16Test.pcm(100, 200, 300));
        try (WavWriter w = WavWriter.create(file, AudioFormat.G711_ULAW_8KHZ)) {
            w.write(codes);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(Wav.toBytes(AudioFormat.G711_ULAW_8KHZ, codes));
        assertThat(Wav.read(file).frames()).isEqualTo(3);
    }
}
