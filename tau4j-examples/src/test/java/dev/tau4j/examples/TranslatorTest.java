package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.Response;
import dev.tau4j.audio.Wav;
import dev.tau4j.simulator.SimItem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TranslatorTest {

    @Test
    void theLineIsTranslatedIntoGermanPrintedAndSaved(@TempDir Path dir) throws Exception {
        try (Stage stage = new Stage("translator", dir)) {
            Response reply = Translator.run(stage.setup, List.of());

            assertThat(reply.transcript()).isEqualTo("[de] " + Translator.LINE);
            assertThat(stage.printed()).contains("user:       " + Translator.LINE)
                    .contains("translator: [de] " + Translator.LINE);
            assertThat(Wav.read(dir.resolve("translator.wav")).pcm16()).isEqualTo(reply.audio()).isNotEmpty();
            assertThat(stage.sessions().getFirst().configJson()).contains("Translate everything the user says into German")
                    .contains("\"voice\":\"ash\"");
            assertThat(stage.sessions().getFirst().conversation()).extracting(SimItem::role).containsExactly("user", "assistant");
        }
    }

    @Test
    void argumentsAreTheLineToTranslate(@TempDir Path dir) throws Exception {
        try (Stage stage = new Stage("translator", dir)) {
            assertThat(Translator.run(stage.setup, List.of("Good", "night!")).transcript()).isEqualTo("[de] Good night!");
        }
    }
}
