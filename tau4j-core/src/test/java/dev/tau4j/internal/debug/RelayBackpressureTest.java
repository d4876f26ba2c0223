package dev.tau4j.internal.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.LoopbackWebSocket;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.simulator.RealtimeSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A debug server that accepts a session and then never reads must not slow the session or grow its memory. */
@Timeout(60)
class RelayBackpressureTest {

    private static final String TOKEN = "stalled-peer-token-0123456789";

    @Test
    void aStalledDebugServerCostsTheSessionNothingButDroppedFrames() throws Exception {
        CompletableFuture<String> handshake = new CompletableFuture<>();
        try (LoopbackWebSocket peer = LoopbackWebSocket.start(c -> {
                 boolean proved = ProvingPeer.authenticate(c, TOKEN, Duration.ofSeconds(10));
                 c.stopReading();                          // authenticated, then never reads again
                 handshake.complete(proved ? c.requestHead() : "the relay's proof was wrong");
             });
             RealtimeSimulator sim = RealtimeSimulator.start();
             Session session = Tau.createSession(SessionOptions.DEFAULTS,
                     TauOptions.builder().endpoint(sim.url()).apiKey("sk-x").name("stalled").build())) {
            Relay relay = (Relay) DebugRelay.attach(session, URI.create("ws://127.0.0.1:" + peer.port() + "/?token=" + TOKEN));
            assertThat(handshake.get(10, TimeUnit.SECONDS)).startsWith("GET /session HTTP/1.1").doesNotContain(TOKEN);
            String frame = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + "A".repeat(64_000) + "\"}";
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                relay.sent(frame);                         // 64 MB offered to a peer that reads nothing
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(relay.droppedFrames()).isGreaterThan(500);
            assertThat(relay.queuedChars()).isLessThanOrEqualTo(Relay.QUEUE_CHARS);
            session.user("are you still there?");
            assertThat(session.response().isCompleted()).isTrue();
            relay.close();
        }
    }
}
