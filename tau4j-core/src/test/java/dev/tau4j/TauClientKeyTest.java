package dev.tau4j;

import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.recovery.Stall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.tau4j.simulator.RealtimeSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An API key is needed for OpenAI's host only; elsewhere a session connects without one and sends no Authorization header. */
@Timeout(30)
class TauClientKeyTest {

    @Test
    void openAiWithoutAKeyIsAClearErrorWhateverThePath() {
        for (String url : List.of(TauOptions.OPENAI_ENDPOINT, "wss://api.openai.com/v1/realtime/", "wss://API.openai.com/v1/realtime")) {
            assertThatIllegalStateException().isThrownBy(() -> TauClient.create(TauOptions.builder().endpoint(url).build(), Map.of()))
                    .withMessageContaining("No API key for provider 'openai'").withMessageContaining("OPENAI_API_KEY");
        }
    }

    @Test
    void theSimulatorNeedsNoKey() {
        try (RealtimeSimulator sim = RealtimeSimulator.start();
                TauClient client = TauClient.create(TauOptions.builder().endpoint(sim.url().toString()).build(), Map.of());
                Session s = client.connect(SessionOptions.DEFAULTS)) {
            s.user("hello");
            assertThat(s.response().transcript()).isEqualTo("You said: hello");
        }
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> request = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    List<String> lines = new ArrayList<>();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        lines.add(line);
                    }
                    socket.getOutputStream().write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    return lines;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            TauOptions options = TauOptions.builder().endpoint("ws://127.0.0.1:" + server.getLocalPort() + "/v1/realtime")
                    .connectTimeout(Duration.ofSeconds(5)).resilience(Resilience.NONE).build();
            try (TauClient client = TauClient.create(options, Map.of())) {
                try {
                    client.connect(SessionOptions.DEFAULTS).close();
                } catch (TauException expected) {
                    // the fake server refuses the upgrade; only the request matters here
                }
            }
            List<String> lines = request.get(10, TimeUnit.SECONDS);
            assertThat(lines.getFirst()).startsWith("GET /v1/realtime?model=");
            assertThat(lines).noneMatch(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("authorization:"));
        }
    }
}
