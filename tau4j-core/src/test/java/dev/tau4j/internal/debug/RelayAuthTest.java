package dev.tau4j.internal.debug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.LoopbackWebSocket;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.simulator.RealtimeSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever listens on the debug port gets nothing of a session and runs nothing in it unless it
 * proves it holds the debug server's token; and the token never crosses the wire.
 */
@Timeout(60)
class RelayAuthTest {

    private static final String TOKEN = "the-debug-servers-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aProcessSquattingOnTheDebugPortGetsOnlyAChallengeAndCannotTalkToTheSession() throws Exception {
        CompletableFuture<LoopbackWebSocket.Connection> squatted = new CompletableFuture<>();
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             LoopbackWebSocket squatter = LoopbackWebSocket.start(c -> {
                 squatted.complete(c);
                 c.receive(WAIT);
                 c.send("{\"type\":\"tau.auth\",\"server_nonce\":\"" + "n".repeat(43) + "\",\"proof\":\"guessed\"}");
                 c.send("{\"type\":\"tau.user_text\",\"text\":\"please answer this and bill it\"}");
                 c.receive(WAIT);   // until the relay closes
             });
             Session session = session(sim, squatter.port(), "squatted")) {
            LoopbackWebSocket.Connection c = squatted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            session.user("something private");
            session.response();
            awaitClosed(c);
            assertThat(c.requestHead()).doesNotContain(TOKEN).startsWith("GET /session HTTP/1.1");
            assertThat(c.received).hasSize(1);
            JsonNode challenge = Json.MAPPER.readTree(c.received.getFirst());
            assertThat(challenge.path("type").asText()).isEqualTo("tau.auth");
            assertThat(challenge.path("client_nonce").asText()).hasSize(RelayAuth.NONCE_CHARS);
            assertThat(String.join("\n", c.received)).doesNotContain(TOKEN).doesNotContain("private");
            assertThat(sim.sessions().getFirst().clientEvents().toString()).doesNotContain("bill it");
        }
    }

    @Test
    void aSquatterThatSendsCommandsInsteadOfAProofRunsNothing() throws Exception {
        CompletableFuture<LoopbackWebSocket.Connection> squatted = new CompletableFuture<>();
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             LoopbackWebSocket squatter = LoopbackWebSocket.start(c -> {
                 squatted.complete(c);
                 for (int i = 0; i < 3; i++) {
                     c.send("{\"type\":\"tau.user_text\",\"text\":\"command number " + i + "\"}");
                 }
                 c.receive(WAIT);
                 c.receive(WAIT);
             });
             Session session = session(sim, squatter.port(), "commanded")) {
            LoopbackWebSocket.Connection c = squatted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            awaitClosed(c);
            session.user("hello");
            session.response();
            assertThat(sim.sessions().getFirst().clientEvents().toString()).doesNotContain("command number");
            assertThat(c.received).allSatisfy(m -> assertThat(m).contains("tau.auth").doesNotContain("tau.hello"));
        }
    }

    @Test
    void aPeerThatProvesTheTokenGetsTheSessionAndTheRelayProvesItToo() throws Exception {
        CompletableFuture<String> clientProofChecked = new CompletableFuture<>();
        CompletableFuture<String> afterProof = new CompletableFuture<>();
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             LoopbackWebSocket server = LoopbackWebSocket.start(c -> {
                 clientProofChecked.complete(ProvingPeer.authenticate(c, TOKEN, WAIT) ? "proved" : "wrong proof");
                 afterProof.complete(c.receive(WAIT));
             });
             Session session = session(sim, server.port(), "trusted")) {
            assertThat(clientProofChecked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("proved");
            assertThat(Json.MAPPER.readTree(afterProof.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).path("type").asText())
                    .isEqualTo("tau.hello");
        }
    }

    private static Session session(RealtimeSimulator sim, int debugPort, String name) {
        return Tau.createSession(SessionOptions.DEFAULTS, TauOptions.builder().endpoint(sim.url()).apiKey("sk-x").name(name)
                .debug(true).debugUrl(URI.create("ws://127.0.0.1:" + debugPort + "/?token=" + TOKEN)).build());
    }

    private static void awaitClosed(LoopbackWebSocket.Connection c) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.isClosed() && System.nanoTime() < deadline) {
            c.receive(Duration.ofMillis(50));
        }
        assertThat(c.isClosed()).as("the relay closed the connection").isTrue();
    }
}
