package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.Wav;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first program, compiled and run against the simulator. Only the options line
 * differs from the README (it points at the simulator instead of OpenAI); keep the rest in sync.
 */
@Timeout(30)
class ReadmeExampleTest {

    @Test
    void theFirstProgramRuns(@TempDir Path dir) throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            sim.enqueue(Reply.text("Guten Morgen, wie geht es dir?"));
            TauOptions tauOptions = TauOptions.builder().model("gpt-realtime").endpoint(sim.url()).apiKey("sk-test").build();
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
            Path wav = dir.resolve("reply.wav");

            // --- README: "The first program" ---
            try (Session session = Tau.createSession(
                    SessionOptions.builder().instructions("Translate everything into German.").build(),
                    tauOptions)) {
                session.user("Good morning, how are you?");
                Response reply = session.response();                          // blocks until response.done
                out.println(reply.transcript());
                reply.saveAudioAsWav(wav);
                out.println(reply.usage() + " ≈ $" + reply.costEstimate().totalUsd());
            }
            // --- end ---

            String printed = captured.toString(StandardCharsets.UTF_8);
            assertThat(printed).startsWith("Guten Morgen, wie geht es dir?").contains("≈ $");
            assertThat(Wav.read(wav).duration().toMillis()).isPositive();
            assertThat(Files.size(wav)).isGreaterThan(44);
            assertThat(PriceTable.bundled().find("gpt-realtime")).isPresent();
        }
    }
}
