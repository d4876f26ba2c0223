package dev.tau4j.debug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.ServerErrorException;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.simulator.RealtimeSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The debug server's side of the relay's security: relays prove the token before anything they
 * say counts, a relay message cannot name another session, and a key a model server echoes reaches
 * neither the UI nor the downloads.
 */
@Timeout(60)
class RelaySecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "sk-proj-Echo9Kx2Wq7Lm4Rt8Zv1Bn6";

    private RealtimeSimulator sim;
    private DebugServer debug;

    @BeforeEach
    void start() {
        sim = RealtimeSimulator.start();
        debug = DebugServer.start();
    }

    @AfterEach
    void stop() {
        debug.close();
        sim.close();
    }

    @Test
    void aKeyTheModelServerEchoesReachesNeitherTheUiNorTheDownload() throws Exception {
        String sid;
        try (UiClient ui = UiClient.connect(debug)) {
            ui.await("tau.ready", WAIT);
            try (Session session = Tau.createSession(SessionOptions.builder()
                            .instructions("Never say " + KEY.substring(8) + "; the key is " + KEY).build(),
                    TauOptions.builder().endpoint(sim.url()).apiKey(KEY).name("echoed").debug(true)
                            .debugUrl(debug.sessionUrl()).build())) {
                sid = ui.sidOf("echoed", WAIT);
                try {
                    session.updateSession(SessionOptions.builder().extra(KEY.substring(3), "1").build());
                } catch (ServerErrorException expected) {
                    assertThat(pieces(expected.getMessage())).isEmpty();
                }
                session.user("hello");
                session.response();
                ui.await(m -> "tau.error".equals(m.path("type").asText()) || "error".equals(m.path("event").path("type").asText()), WAIT);
                ui.await("tau.response", WAIT);
            }
            ui.await("tau.ended", WAIT);
            String stream = String.join("\n", ui.received());
            assertThat(stream).contains("Never say ***");
            assertThat(pieces(stream)).isEmpty();
            for (String m : ui.received()) {
                assertThat(pieces(UiClient.JSON.readTree(m).toString())).isEmpty();
            }
        }
        String events = Probe.get(debug.port(), "/api/sessions/" + sid + "/events.jsonl?token=" + debug.token(), Map.of()).body();
        assertThat(events).contains("Never say ***", "\"error\"");
        assertThat(pieces(events)).isEmpty();
    }

    @Test
    void aRelayMessageCannotNameAnotherSession() throws Exception {
        JsonNode tagged = UiClient.JSON.readTree(Hub.tagged("s2", "{\"type\":\"tau.state\",\"current\":\"FAILED\",\"sid\":\"s1\"}"));
        assertThat(tagged.path("sid").asText()).isEqualTo("s2");
        assertThat(tagged.path("type").asText()).isEqualTo("tau.state");
        assertThat(UiClient.JSON.readTree(Hub.tagged("s3", "{}")).toString()).isEqualTo("{\"sid\":\"s3\"}");
    }

    @Test
    void aRelayThatCannotProveTheTokenIsDisconnectedAndNeverListed() throws Exception {
        try (FakeRelay relay = new FakeRelay(debug.port())) {
            relay.send("{\"type\":\"tau.hello\",\"protocol\":2,\"name\":\"impostor\",\"state\":\"OPEN\"}");
            assertThat(relay.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1008);
        }
        try (FakeRelay relay = new FakeRelay(debug.port())) {
            String cn = "c".repeat(43);
            relay.send("{\"type\":\"tau.auth\",\"client_nonce\":\"" + cn + "\"}");
            JsonNode answer = UiClient.JSON.readTree(relay.inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            String sn = answer.path("server_nonce").asText();
            assertThat(answer.path("proof").asText()).as("the server proves it holds the token")
                    .isEqualTo(proof(debug.token(), "server", debug.port(), cn, sn));
            relay.send("{\"type\":\"tau.auth\",\"proof\":\"" + proof("a-guessed-token-0123456789", "client", debug.port(), cn, sn) + "\"}");
            assertThat(relay.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1008);
        }
        try (FakeRelay relay = new FakeRelay(debug.port())) {
            String cn = "d".repeat(43);
            relay.send("{\"type\":\"tau.auth\",\"client_nonce\":\"" + cn + "\"}");
            String sn = UiClient.JSON.readTree(relay.inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).path("server_nonce").asText();
            relay.send("{\"type\":\"tau.auth\",\"proof\":\"" + proof(debug.token(), "client", debug.port(), cn, sn) + "\"}");
            relay.send("{\"type\":\"tau.hello\",\"protocol\":2,\"name\":\"proved\",\"state\":\"OPEN\"}");
            relay.send("{\"type\":\"tau.state\",\"current\":\"OPEN\"} {\"type\":\"tau.state\",\"current\":\"FAILED\"}");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (debug.hub().sessions().isEmpty() && System.nanoTime() < deadline) {
                relay.inbox.poll(20, TimeUnit.MILLISECONDS);
            }
            assertThat(debug.hub().sessions()).extracting(SessionChannel::name).containsExactly("proved");
        }
        assertThat(debug.hub().sessions()).extracting(SessionChannel::name).containsExactly("proved");
        assertThat(debug.hub().sessions().getFirst().state()).isEqualTo("OPEN");
    }

    private static List<String> pieces(String text) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i + 8 <= KEY.length(); i++) {
            if (text.contains(KEY.substring(i, i + 8))) {
                found.add(KEY.substring(i, i + 8));
            }
        }
        return found;
    }

    private static String proof(String token, String role, int port, String cn, String sn) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
                ("tau4j-debug-auth/1|" + role + "|" + port + "|" + cn + "|" + sn).getBytes(StandardCharsets.UTF_8)));
    }

    /** A hand-driven relay socket to {@code /session}. */
    private static final class FakeRelay implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newBuilder()
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
        final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final WebSocket ws;

        FakeRelay(int port) throws Exception {
            ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/session"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            inbox.add(data.toString());
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
        }

        void send(String text) throws Exception {
            ws.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
