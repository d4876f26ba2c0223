package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.recovery.Resilience;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keepalive counts the server's own pings as liveness: while they arrive, an idle session
 * does not ping (at 10,000 idle sessions, that is 10,000 pings saved per keepalive period); with
 * a silent server, it does.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KeepaliveTest {

    private static final Duration KEEPALIVE = Duration.ofMillis(300);
    private static final String CREATED = "{\"type\":\"session.created\",\"event_id\":\"event_0\",\"session\":{\"type\":"
            + "\"realtime\",\"object\":\"realtime.session\",\"id\":\"sess_k\",\"model\":\"gpt-realtime\","
            + "\"output_modalities\":[\"audio\"]}}";

    private static TauOptions options(LoopbackWebSocket server) {
        return TauOptions.builder().endpoint("ws://127.0.0.1:" + server.port() + "/v1/realtime").apiKey("sk-test")
                .resilience(Resilience.DEFAULT.withKeepalive(KEEPALIVE)).build();
    }

    @Test
    void anIdleSessionDoesNotPingWhileTheServersPingsArrive() throws Exception {
        int serverPings = 10;
        CompletableFuture<Integer> clientPings = new CompletableFuture<>();
        try (LoopbackWebSocket server = LoopbackWebSocket.start(c -> {
            c.send(CREATED);
            // The server's keepalive: every 600 ms, twice the client's keepalive period (the peer's own
            // pacing, as a real server's ping timer; nothing here waits for the client).
            for (int i = 0; i < serverPings; i++) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(600));
                c.ping();
            }
            clientPings.complete(c.pingsReceived.get());
            while (c.receive(Duration.ofMinutes(1)) != null) {
                // keep the connection until the client closes it
            }
        });
             TauClient client = TauClient.create(options(server));
             Session s = client.connect()) {
            int pings = clientPings.get(60, TimeUnit.SECONDS);
            // Before the server's first ping the client cannot know it pings: one ping of its own at most
            // (one more if this loaded machine stretched a gap); without the rule it pings every gap, ~10 times.
            assertThat(pings).as("client pings during %d server pings", serverPings).isLessThanOrEqualTo(2);
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
            assertThat(s.recoveryStats().reconnects()).isZero();
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void anIdleSessionPingsASilentServer() throws Exception {
        CompletableFuture<LoopbackWebSocket.Connection> connection = new CompletableFuture<>();
        try (LoopbackWebSocket server = LoopbackWebSocket.start(c -> {
            c.send(CREATED);
            connection.complete(c);
            while (c.receive(Duration.ofMinutes(1)) != null) {
                // a silent server that answers pings (the test peer does) and nothing else
            }
        });
             TauClient client = TauClient.create(options(server));
             Session s = client.connect()) {
            LoopbackWebSocket.Connection c = connection.get(30, TimeUnit.SECONDS);
            c.thirdPing.get(30, TimeUnit.SECONDS);
            assertThat(c.pingsReceived.get()).as("keepalive pings to a silent server").isGreaterThanOrEqualTo(3);
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
        }
    }
}
