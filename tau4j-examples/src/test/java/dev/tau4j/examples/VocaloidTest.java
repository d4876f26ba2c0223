package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Wav;
import dev.tau4j.audio.WavAudio;
import dev.tau4j.event.Usage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class VocaloidTest {

    @Test
    void eachLineIsRepeatedSavedAsAWavAndWaitedForThenUsageIsPrinted(@TempDir Path dir) throws Exception {
        List<String> lines = List.of("**BOLDLY** Ahoy!", "**SOFTLY** Farewell.");
        try (Stage stage = new Stage("vocaloid", dir)) {
            long start = System.nanoTime();
            Usage usage = Vocaloid.run(stage.setup, lines);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            long audioMs = 0;
            for (int i = 1; i <= lines.size(); i++) {
                WavAudio wav = Wav.read(dir.resolve("vocaloid-" + i + ".wav"));
                assertThat(wav.format()).isEqualTo(AudioFormat.PCM16_24KHZ_MONO);
                assertThat(wav.duration().toMillis()).isPositive();
                assertThat(wav.rmsDbfs()).as("speech-like, not silence").isGreaterThan(-40);
                assertThat(stage.printed()).contains(i + ". " + lines.get(i - 1))
                        .contains("vocaloid-" + i + ".wav (" + wav.duration().toMillis() + " ms)");
                audioMs += wav.duration().toMillis();
            }
            assertThat(elapsedMs).as("waited for each line's audio to finish").isGreaterThanOrEqualTo(audioMs);
            assertThat(usage.inputTokens()).isPositive();
            assertThat(usage.outputAudioTokens()).isPositive();
            assertThat(stage.printed()).contains("usage: input " + usage.inputTokens() + " tokens").contains("≈ $");
        }
    }

    @Test
    void theSeedsFiveLinesCarryStageDirections() {
        assertThat(Vocaloid.LINES).hasSize(5).allMatch(l -> l.startsWith("**"));
    }
}
