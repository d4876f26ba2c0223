package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.Response;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Resampler;
import dev.tau4j.audio.Wav;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TutorTest {

    @Test
    void theTutorSpeaksFirstThenAnswersTheStudentsVoiceAfterServerVad(@TempDir Path dir) throws Exception {
        try (Stage stage = new Stage("tutor", dir)) {
            Response feedback = Tutor.run(stage.setup, List.of());

            assertThat(feedback.origin()).isEqualTo(ResponseOrigin.SERVER_STARTED);
            assertThat(feedback.transcript()).matches("I heard \\d\\.\\d seconds of audio\\.");
            assertThat(stage.printed()).contains("tutor:   Hello! How can I help you today?")
                    .contains("student: Futatsu de juubun desu yo!")
                    .contains("tutor:   " + feedback.transcript());
            assertThat(Wav.read(dir.resolve("tutor-feedback.wav")).pcm16()).isEqualTo(feedback.audio()).isNotEmpty();
            var server = stage.sessions().getFirst();
            assertThat(server.configJson()).contains("\"type\":\"server_vad\"").contains("\"silence_duration_ms\":800");
            assertThat(server.conversation()).extracting(SimItem::role)
                    .containsExactly("system", "assistant", "system", "user", "assistant");
            assertThat(server.conversation().get(3).audioMs()).isPositive();
        }
    }

    @Test
    void aWavFileOfAnyRateIsTheStudentsVoice(@TempDir Path dir) throws Exception {
        Path voice = dir.resolve("my-voice.wav");
        byte[] speech16k = Resampler.resample(SimAudio.speech(Duration.ofMillis(1_500)), 24_000, 16_000);
        Wav.write(voice, new AudioFormat(AudioFormat.Encoding.PCM16, 16_000, 1), speech16k);
        try (Stage stage = new Stage("tutor", dir)) {
            Response feedback = Tutor.run(stage.setup, List.of(voice.toString()));

            assertThat(stage.printed()).contains("student: my-voice.wav");
            long heardMs = stage.sessions().getFirst().conversation().get(3).audioMs();
            assertThat(heardMs).as("the speech and the silence that ended the turn").isGreaterThanOrEqualTo(1_500 + 800);
            assertThat(feedback.transcript()).isEqualTo(String.format(Locale.ROOT, "I heard %.1f seconds of audio.", heardMs / 1000.0));
        }
    }

    @Test
    void aMissingWavFileIsAUsageError(@TempDir Path dir) {
        try (Stage stage = new Stage("tutor", dir)) {
            assertThatThrownBy(() -> Tutor.run(stage.setup, List.of(dir.resolve("nope.wav").toString())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such WAV file");
        }
    }
}
