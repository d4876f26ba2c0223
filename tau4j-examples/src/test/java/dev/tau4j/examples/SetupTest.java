package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.audio.VirtualSpeaker;
import dev.tau4j.simulator.DefaultResponder;
import dev.tau4j.simulator.Pace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The offline/live switch shared by the examples: the same rules as the CLI's. */
@Timeout(20)
class SetupTest {

    private final StringWriter printed = new StringWriter();

    private Setup setup(Map<String, String> env, Path dir) {
        return Setup.fromEnvironment(env, new DefaultResponder(), Pace.FAST, dir, new PrintWriter(printed, true));
    }

    @Test
    void withoutKeyOrUrlAnEmbeddedSimulatorPlaysTheModelUntilClosed(@TempDir Path dir) throws Exception {
        int port;
        try (Setup setup = setup(Map.of("OPENAI_API_KEY", " "), dir)) {
            assertThat(setup.live()).isFalse();
            assertThat(setup.tauOptions().apiKey()).isEqualTo(Setup.OFFLINE_KEY);
            port = setup.tauOptions().endpoint().getPort();
            assertThat(printed.toString()).startsWith("(offline: the simulator at ws://127.0.0.1:" + port);
            try (Socket open = new Socket("127.0.0.1", port)) {
                assertThat(open.isConnected()).isTrue();
            }
            assertThat(setup.speaker()).isInstanceOf(VirtualSpeaker.class);
            assertThat(setup.file("a.wav")).isEqualTo(dir.resolve("a.wav"));
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("the simulator stopped").isInstanceOf(Exception.class);
    }

    @Test
    void aKeyMeansOpenAi(@TempDir Path dir) {
        try (Setup setup = setup(Map.of("OPENAI_API_KEY", "sk-live-123"), dir)) {
            assertThat(setup.live()).isTrue();
            assertThat(setup.tauOptions().apiKey()).isEqualTo("sk-live-123");
            assertThat(setup.tauOptions().endpoint()).isNull();
            assertThat(printed.toString()).contains("(live: OpenAI");
        }
    }

    @Test
    void aRealtimeUrlWinsLikeInTheCli(@TempDir Path dir) {
        try (Setup setup = setup(Map.of("TAU_REALTIME_URL", "ws://127.0.0.1:1/v1/realtime"), dir.resolve("out"))) {
            assertThat(setup.live()).isFalse();
            assertThat(setup.tauOptions().endpoint()).hasToString("ws://127.0.0.1:1/v1/realtime");
            assertThat(Files.exists(dir.resolve("out"))).isFalse();
        }
    }
}
