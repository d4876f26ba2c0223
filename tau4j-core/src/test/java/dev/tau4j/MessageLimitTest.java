package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server message over {@link TransportOptions#maxMessageBytes} is a protocol failure, not a lost
 * connection: with recovery on, the session fails once with a {@link MessageTooLargeException},
 * the waiting call fails at once, nothing reconnects and the response is not asked for again
 * (asking again would bill the same oversize message again, and again).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MessageLimitTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    void anOversizeMessageFailsTheSessionOnceWithoutReconnectingOrAskingAgain() throws Exception {
        String padding = "A".repeat(LIMIT + 1024);
        try (ScriptedServer server = new ScriptedServer((id, create) -> List.of(
                "{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev_big\",\"response_id\":\"" + id + "\","
                        + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + padding + "\"}"))) {
            TauOptions options = TauOptions.builder().endpoint(server.url()).apiKey("sk-test")
                    .responseTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(10))
                    .transport(TransportOptions.DEFAULT.withMaxMessageBytes(LIMIT)).build();
            assertThat(options.resilience().reconnect().enabled()).as("recovery is on").isTrue();
            List<TauException> errors = new CopyOnWriteArrayList<>();
            try (TauClient client = TauClient.create(options); Session s = client.connect(SessionOptions.DEFAULTS)) {
                s.addListener(new SessionListener() {
                    @Override
                    public void onError(Session session, TauException error) {
                        errors.add(error);
                    }
                });
                long started = System.nanoTime();
                assertThatThrownBy(s::response).isInstanceOf(MessageTooLargeException.class)
                        .hasMessageContaining("1009").hasMessageContaining("maxMessageBytes");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed at once, not at the timeout")
                        .isLessThan(Duration.ofSeconds(30));
                assertThat(s.state()).isEqualTo(SessionState.FAILED);
                assertThat(s.recoveryStats().reconnects()).isZero();
            }
            // Once FAILED (final) nothing more can happen; close() returned after the listeners heard all.
            assertThat(errors).hasSize(1).first().isInstanceOf(MessageTooLargeException.class);
            assertThat(server.connections()).as("connections").isEqualTo(1);
            assertThat(server.responseCreates()).as("response.create events: the response was not asked for again")
                    .isEqualTo(1);
        }
    }
}
