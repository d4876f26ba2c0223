package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator's provider dialects on the wire, seen by a plain JDK WebSocket client. */
@Timeout(30)
class SimDialectTest {

    private static int handshakeStatus(RealtimeSimulator sim, String query, String header, String value) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
                WsClient.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).header(header, value)
                        .buildAsync(URI.create(sim.url() + query), new WsClient()).get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }

    @Test
    void azureServesItsPathTakesTheApiKeyHeaderAnyDeploymentAndRefusesApiVersionAndWrongKeys() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.AZURE).requiredApiKey("az-1").start()) {
            assertThat(sim.url().getPath()).isEqualTo("/openai/v1/realtime");
            WsClient c = new WsClient();
            c.ws = WsClient.HTTP.newWebSocketBuilder().header("api-key", "az-1")
                    .buildAsync(URI.create(sim.url() + "?model=my-deployment"), c).get(5, TimeUnit.SECONDS);
            JsonNode created = c.next();
            assertThat(created.path("type").asText()).isEqualTo("session.created");
            assertThat(created.at("/session/model").asText()).isEqualTo("my-deployment");
            c.close();
            assertThat(handshakeStatus(sim, "?model=d", "api-key", "wrong")).isEqualTo(401);
            assertThat(handshakeStatus(sim, "?model=d&api-version=2025-04-01-preview", "api-key", "az-1")).isEqualTo(400);
        }
    }

    @Test
    void xaiOpensWithTheConversationTakesTheHybridSessionAndPutsUsageAtTheTop() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.XAI).start()) {
            WsClient c = WsClient.connect(sim, "");
            assertThat(c.next().path("type").asText()).isEqualTo("conversation.created");
            c.send("{\"type\":\"session.update\",\"session\":{\"voice\":\"Rex\",\"turn_detection\":{\"type\":\"semantic_vad\"}}}");
            JsonNode error = c.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.at("/error/param").asText()).isEqualTo("session.turn_detection.type");
            c.send("{\"type\":\"session.update\",\"session\":{\"voice\":\"Rex\",\"turn_detection\":null,"
                    + "\"instructions\":\"Be brief.\"}}");
            JsonNode updated = c.next();
            assertThat(updated.path("type").asText()).isEqualTo("session.updated");
            assertThat(updated.at("/session/voice").asText()).isEqualTo("rex");
            assertThat(updated.at("/session/turn_detection").isNull()).isTrue();
            assertThat(updated.at("/session/audio/output/voice").isMissingNode()).isTrue();
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}}");
            c.send("{\"type\":\"response.create\"}");
            List<JsonNode> events = c.until("response.done");
            JsonNode done = events.getLast();
            assertThat(done.path("usage").path("total_tokens").asLong()).isPositive();
            assertThat(done.at("/response/usage").isMissingNode()).isTrue();
        }
    }

    @Test
    void xaiRefusesModelsThatAreNotVoiceAgents() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.XAI).start()) {
            WsClient c = WsClient.connect(sim, "?model=gpt-realtime");
            assertThat(c.next().at("/error/code").asText()).isEqualTo("invalid_model");
            assertThat(c.closeCode()).isEqualTo(4000);
        }
    }
}
