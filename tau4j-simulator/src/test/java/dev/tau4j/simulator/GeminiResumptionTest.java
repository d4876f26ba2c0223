package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gemini Live connection lifetime and session resumption over real sockets. */
@Timeout(30)
class GeminiResumptionTest {
    static final String SETUP = "{\"model\":\"" + GeminiClient.MODEL + "\",\"generationConfig\":{\"responseModalities\":[\"TEXT\"]},"
            + "\"sessionResumption\":{}}";

    private static String setupWith(String handle) {
        return SETUP.replace("\"sessionResumption\":{}", "\"sessionResumption\":{\"handle\":\"" + handle + "\"}");
    }

    private static String handle(GeminiClient c) throws Exception {
        JsonNode u = c.until("sessionResumptionUpdate", "newHandle").getLast().get("sessionResumptionUpdate");
        assertThat(u.get("resumable").asBoolean()).isTrue();
        return u.get("newHandle").asText();
    }

    @Test
    void theLifetimeEndsWithGoAwayThenClose1011AndAHandleResumesTheConversation() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).connectionLifetime(Duration.ofSeconds(2)).start()) {
            String handle;
            long opened = System.nanoTime();
            try (GeminiClient c = GeminiClient.open(sim, SETUP)) {
                handle(c);
                c.text("Remember the number 42");
                c.turn();
                handle = handle(c);
                JsonNode goAway = c.until("goAway", null).getLast();
                assertThat(goAway.toString()).isEqualTo("{\"goAway\":{\"timeLeft\":\"1s\"}}");
                assertThat(c.closeCode()).isEqualTo(1011);
                assertThat(c.closeReason()).isEqualTo("Deadline expired before operation could complete.");
                assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            }
            try (GeminiClient resumed = GeminiClient.open(sim, setupWith(handle))) {
                assertThat(handle(resumed)).isNotEqualTo(handle);
                SimulatedSession s = sim.sessions().getLast();
                assertThat(s.conversation()).extracting(SimItem::text).containsExactly("Remember the number 42", "You said: Remember the number 42");
                resumed.text("And now?");
                List<JsonNode> turn = resumed.turn();
                assertThat(GeminiToolsTest.TurnText.of(turn)).isEqualTo("You said: And now?");
                assertThat(s.conversation()).hasSize(4);
            }
        }
    }

    @Test
    void anUnknownOrStaleHandleIsClosedWith1007() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            GeminiClient unknown = GeminiClient.connect(sim, "", null);
            unknown.send("{\"setup\":" + setupWith("CiQnot-a-handle") + "}");
            assertThat(unknown.closeCode()).isEqualTo(1007);

            String handle;
            try (GeminiClient c = GeminiClient.open(sim, SETUP)) {
                handle = handle(c);
                sim.sessions().getLast().inject(Fault.staleHandle());
                c.text("hi");
                c.turn();
            }
            GeminiClient stale = GeminiClient.connect(sim, "", null);
            stale.send("{\"setup\":" + setupWith(handle) + "}");
            assertThat(stale.closeCode()).isEqualTo(1007);
            assertThat(stale.closeReason()).contains("resumption handle");
        }
    }

    @Test
    void aStaleHandleFaultOnTheNextConnectionRefusesAValidHandle() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            String handle;
            try (GeminiClient c = GeminiClient.open(sim, SETUP)) {
                handle = handle(c);
            }
            sim.injectOnNextConnection(Fault.staleHandle());
            GeminiClient stale = GeminiClient.connect(sim, "", null);
            stale.send("{\"setup\":" + setupWith(handle) + "}");
            assertThat(stale.closeCode()).isEqualTo(1007);
            try (GeminiClient ok = GeminiClient.open(sim, setupWith(handle))) {
                assertThat(handle(ok)).startsWith("CiQ");
            }
        }
    }

    @Test
    void aGoAwayFaultAnnouncesTheEndAndTheDeadlineFaultClosesAtOnce() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            sim.injectOnNextConnection(Fault.goAway(Duration.ofMillis(1500)).afterEvent("setupComplete"));
            try (GeminiClient c = GeminiClient.open(sim, SETUP)) {
                assertThat(c.until("goAway", null).getLast().toString()).isEqualTo("{\"goAway\":{\"timeLeft\":\"1.500s\"}}");
                c.text("still there?");
                assertThat(GeminiToolsTest.TurnText.of(c.turn())).isEqualTo("You said: still there?");
                assertThat(c.closeCode()).isEqualTo(1011);
            }
            sim.injectOnNextConnection(Fault.close(1011, GeminiWire.DEADLINE).afterEvent("toolCall"));
            try (GeminiClient c = GeminiClient.open(sim, GeminiToolsTest.WEATHER_SETUP)) {
                c.text("What is the weather in Rome?");
                c.until("toolCall", null);
                assertThat(c.closeCode()).isEqualTo(1011);
                assertThat(c.closeReason()).isEqualTo("Deadline expired before operation could complete.");
            }
        }
    }

    @Test
    void transparentResumptionReportsTheLastConsumedClientMessage() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
             GeminiClient c = GeminiClient.open(sim, SETUP.replace("\"sessionResumption\":{}", "\"sessionResumption\":{\"transparent\":true}"))) {
            assertThat(c.next().at("/sessionResumptionUpdate/lastConsumedClientMessageIndex").asText()).isEqualTo("0");
            c.text("one");
            c.turn();
            assertThat(c.next().at("/sessionResumptionUpdate/lastConsumedClientMessageIndex").asText()).isEqualTo("1");
        }
    }

    @Test
    void theBinaryFramesFaultSendsTheJsonInBinaryFrames() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            sim.injectOnNextConnection(Fault.binaryFrames());
            try (GeminiClient c = GeminiClient.open(sim, SETUP)) {
                c.text("binary please");
                List<JsonNode> turn = c.turn();
                assertThat(GeminiToolsTest.TurnText.of(turn)).isEqualTo("You said: binary please");
                assertThat(c.next().has("sessionResumptionUpdate")).isTrue();
                assertThat(c.ws.binaryFrames.get()).as("setupComplete, the turn (with the update after setup), the update after it")
                        .isEqualTo(1 + turn.size() + 1);
            }
        }
    }
}
