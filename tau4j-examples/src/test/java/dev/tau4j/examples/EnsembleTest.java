package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.Wav;
import dev.tau4j.simulator.SimItem;
import dev.tau4j.simulator.SimulatedSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EnsembleTest {

    @Test
    void threeVoicesPerformEachHearingTheOthersWhileTheLinePlays(@TempDir Path dir) throws Exception {
        List<Ensemble.Line> scene = List.of(
                new Ensemble.Line("brian", "NERVOUSLY", "Hello."),
                new Ensemble.Line("passerby", "SURPRISED", "What?"),
                new Ensemble.Line("marketgoer", "WHISPERING", "Nice gourd."));
        try (Stage stage = new Stage("ensemble", dir)) {
            long start = System.nanoTime();
            Path recording = Ensemble.perform(stage.setup, scene);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            List<SimulatedSession> players = stage.sessions();
            assertThat(players).extracting(SimulatedSession::configJson).satisfiesExactly(
                    c -> assertThat(c).contains("\"voice\":\"ash\""),
                    c -> assertThat(c).contains("\"voice\":\"verse\""),
                    c -> assertThat(c).contains("\"voice\":\"ballad\""));
            long totalMs = 0;
            for (int i = 0; i < scene.size(); i++) {
                SimItem spoken = players.get(i).conversation().stream().filter(x -> "assistant".equals(x.role()))
                        .findFirst().orElseThrow();
                assertThat(spoken.text()).isEqualTo("**" + scene.get(i).direction() + "** " + scene.get(i).text());
                assertThat(stage.printed()).contains(String.format("%-11s %s%n", scene.get(i).player() + ":", spoken.text()));
                totalMs += spoken.audioMs();
                for (int j = 0; j < players.size(); j++) {
                    if (j != i) {
                        assertThat(players.get(j).conversation()).as("player %d heard line %d", j, i)
                                .anySatisfy(heard -> {
                                    assertThat(heard.role()).isEqualTo("user");
                                    assertThat(heard.text()).isNull();
                                    assertThat(heard.audioMs()).isEqualTo(spoken.audioMs());
                                });
                    }
                }
            }
            assertThat(Wav.read(recording).duration().toMillis()).isEqualTo(totalMs);
            assertThat(elapsedMs).as("each line waited for while it played").isGreaterThanOrEqualTo(totalMs);
            assertThat(stage.printed()).contains("brian:      input").contains("marketgoer: input");
        }
    }

    @Test
    void theSceneIsCastFromThePlayers() {
        assertThat(Ensemble.SCENE).extracting(Ensemble.Line::player)
                .allMatch(p -> Ensemble.CAST.stream().anyMatch(c -> c.name().equals(p)));
        assertThat(Ensemble.CAST).extracting(Ensemble.Player::voice).doesNotHaveDuplicates();
    }
}
