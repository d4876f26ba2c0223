package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.Reply;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both WebSocket clients serve a session; the message limit ends a session without a retry. */
@Timeout(60)
class TransportOptionsTest {

    private RealtimeSimulator sim;

    @BeforeEach
    void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private TauOptions.Builder options(TransportOptions transport) {
        return TauOptions.builder().endpoint(sim.url()).apiKey("sk-x").transport(transport)
                .responseTimeout(Duration.ofSeconds(20));
    }

    @Test
    void bothClientsCarryAWholeSpokenResponse() {
        for (TransportOptions.Implementation impl : TransportOptions.Implementation.values()) {
            sim.enqueue(Reply.text("Hello from the simulator, over " + impl + "."));
            try (TauClient client = TauClient.create(options(TransportOptions.DEFAULT.withImplementation(impl)).build());
                 Session session = client.connect()) {
                session.user("hi");
                Response r = session.response();
                assertThat(r.transcript()).as(impl.name()).isEqualTo("Hello from the simulator, over " + impl + ".");
                assertThat(r.audio()).as(impl.name()).isNotEmpty();
            }
        }
    }

    @Test
    void aMessageOverTheLimitFailsTheSessionWith1009AndIsNotRetried() {
        // The simulator sends 100 ms of audio per delta: 6.4 KB of base64, over this limit.
        sim.enqueue(Reply.text("A spoken answer."));
        try (TauClient client = TauClient.create(options(TransportOptions.DEFAULT.withMaxMessageBytes(4 * 1024)).build());
             Session session = client.connect()) {
            session.user("hi");
            assertThatThrownBy(session::response).isInstanceOfSatisfying(MessageTooLargeException.class,
                    e -> assertThat(e.closeCode()).isEqualTo(1009));
            assertThat(session.state()).isEqualTo(SessionState.FAILED);
            assertThat(sim.sessions()).hasSize(1);
        }
    }

    @Test
    void optionsAreValidatedAndShown() {
        assertThatThrownBy(() -> TransportOptions.DEFAULT.withMaxMessageBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportOptions.DEFAULT.withProxy(
                new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 1080))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP");
        assertThat(TauOptions.DEFAULTS.transport()).isEqualTo(TransportOptions.DEFAULT);
        assertThat(TransportOptions.DEFAULT.implementation()).isEqualTo(TransportOptions.Implementation.TAU4J);
        assertThat(TransportOptions.DEFAULT.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(TauOptions.builder().transport(TransportOptions.DEFAULT.withProxy("proxy.example", 3128)).build()
                .toString()).contains("proxy.example");
    }
}
