package dev.tau4j.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's debug example, compiled and run against the simulator. Only the options line differs
 * (it adds the simulator's endpoint) and a page watches; keep the rest in sync with README.md, "Debug server and UI".
 */
@Timeout(30)
class ReadmeDebugExampleTest {

    @Test
    void theDebugExampleRunsAndItsSessionShowsUp() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

            // --- README: "Debug server and UI" ---
            try (DebugServer debug = DebugServer.start()) {                 // tau4j-debug; 127.0.0.1, a free port, a new token
                out.println("open " + debug.url());                          // http://127.0.0.1:PORT/?token=…
                UiClient ui = UiClient.connect(debug);                       // test only: a page watching
                TauOptions options = TauOptions.builder().debug(true).debugUrl(debug.sessionUrl())
                        .endpoint(sim.url()).apiKey("sk-test").build();             // test only: the simulator
                try (Session session = Tau.createSession(SessionOptions.DEFAULTS, options)) {
                    session.user("Hello");
                    session.response();                                      // shows up live in the UI
                }
                // --- end ---
                assertThat(ui.await("tau.response", Duration.ofSeconds(10)).path("response").path("transcript").asText())
                        .isEqualTo("You said: Hello");
                ui.close();
            }
            assertThat(captured.toString(StandardCharsets.UTF_8)).matches("open http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+\\s*");
        }
    }
}
