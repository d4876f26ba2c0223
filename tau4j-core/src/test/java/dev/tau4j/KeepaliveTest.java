package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.recovery.Resilience;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keepalive counts the server's own pings as liveness: while they arrive, an idle session
 * does not ping (at 10,000 idle sessions, that is 10,000 pings saved per keepalive period); with
 * a silent server, it does; a server that stops answering is dropped even after it has pinged.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KeepaliveTest {

    private static final Duration KEEPALIVE = Duration.ofMillis(300);
    private static final String CREATED = "{\"type\":\"session.created\",\"event_id\":\"event_0\",\"session\":{\"type\":"
            + "\"realtime\",\"object\":\"realtime.session\",\"id\":\"sess_k\",\"model\":\"gpt-realtime\","
            + "\"output_modalities\":[\"audio\"]}}";
    private static final String UPDATED = CREATED.replace("session.created", "session.updated").replace("event_0", "event_1");

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

    @Test
    void aSessionThatLearntTheServersPingsStillDropsAServerThatFallsSilentAndPingsTheNextConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        CompletableFuture<LoopbackWebSocket.Connection> first = new CompletableFuture<>();
        CompletableFuture<LoopbackWebSocket.Connection> second = new CompletableFuture<>();
        try (LoopbackWebSocket server = LoopbackWebSocket.start(c -> {
            c.send(CREATED);
            if (connections.incrementAndGet() == 1) {
                first.complete(c);
                // The server pings every 300 ms (the client learns it pings), then falls silent and stops
                // reading after the next frame (the pong to its last ping): the client's pings go unanswered.
                for (int i = 0; i < 4; i++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
                    c.ping();
                }
                c.stopReading();
            } else {
                second.complete(c);
            }
            String m;
            while ((m = c.receive(Duration.ofMinutes(1))) != null) {
                if (m.contains("\"session.update\"")) {
                    c.send(UPDATED);   // the reconnect restores the configuration and waits for this
                }
            }
        });
             TauClient client = TauClient.create(options(server));
             Session s = client.connect()) {
            // The first connection stays open on the server's side: only the client's keepalive can end it.
            LoopbackWebSocket.Connection replacement = second.get(30, TimeUnit.SECONDS);
            assertThat(first.get(1, TimeUnit.SECONDS).isClosed()).isFalse();
            // The new connection's server never pings: the watchdog checks the new wire afresh and pings it.
            replacement.thirdPing.get(30, TimeUnit.SECONDS);
            assertThat(s.recoveryStats().reconnects()).isEqualTo(1);
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
        }
    }
}
