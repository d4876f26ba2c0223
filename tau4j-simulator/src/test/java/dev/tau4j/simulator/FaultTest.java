package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultTest {
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private WsClient responding(Fault fault) throws Exception {
        WsClient c = WsClient.open(sim);
        sim.sessions().getLast().inject(fault);
        c.send("{\"type\":\"response.create\"}");
        return c;
    }

    private static List<String> drain(WsClient c) throws Exception {
        List<String> types = new java.util.ArrayList<>();
        while (!c.closed.isDone() || !c.frames.isEmpty()) {
            String f = c.frames.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (f != null) {
                types.add(Json.parse(f).path("type").asText());
            }
        }
        return types;
    }

    @Test
    void dropAfterEventClosesAbruptlyWith1006() throws Exception {
        try (WsClient c = responding(Fault.drop().afterEvent("response.created"))) {
            assertThat(c.closeCode()).isEqualTo(1006);
            assertThat(drain(c)).containsExactly("response.created");
        }
    }

    @Test
    void dropAfterAudioDeltas() throws Exception {
        try (WsClient c = responding(Fault.drop().afterAudioDeltas(3))) {
            assertThat(c.closeCode()).isEqualTo(1006);
            assertThat(drain(c).stream().filter(t -> t.equals("response.output_audio.delta"))).hasSize(3);
        }
    }

    @Test
    void dropInsteadOfResponseDone() throws Exception {
        try (WsClient c = responding(Fault.drop().insteadOfEvent("response.done"))) {
            assertThat(c.closeCode()).isEqualTo(1006);
            List<String> types = drain(c);
            assertThat(types).contains("response.output_item.done").doesNotContain("response.done");
        }
    }

    @Test
    void dropInsteadOfItemAddedAndDuringCommit() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.sessions().getLast().inject(Fault.drop().insteadOfEvent("conversation.item.added"));
            c.send(SimulatorProtocolTest.userText("x"));
            assertThat(c.closeCode()).isEqualTo(1006);
            assertThat(drain(c)).isEmpty();
        }
        try (WsClient c = WsClient.open(sim)) {
            sim.sessions().getLast().inject(Fault.drop().onClientEvent("input_audio_buffer.commit"));
            c.send("{\"type\":\"input_audio_buffer.commit\"}");
            assertThat(c.closeCode()).isEqualTo(1006);
            assertThat(drain(c)).isEmpty();
        }
    }

    @Test
    void closeWithCodeAfterEvents() throws Exception {
        try (WsClient c = responding(Fault.close(1011, "keepalive ping timeout").afterEvents(5))) {
            assertThat(c.closeCode()).isEqualTo(1011);
            assertThat(c.closeReason).isEqualTo("keepalive ping timeout");
            assertThat(drain(c)).hasSize(5);
        }
    }

    @Test
    void stallKeepsTheSocketOpenButSilent() throws Exception {
        try (WsClient c = responding(Fault.stall().afterEvent("response.output_audio.delta"))) {
            assertThat(c.until("response.output_audio.delta")).isNotEmpty();
            assertThat(c.silentFor(300)).isTrue();
            c.send("{\"type\":\"response.cancel\"}");
            assertThat(c.silentFor(200)).isTrue();
            assertThat(sim.sessions().getLast().isOpen()).isTrue();
            assertThat(sim.sessions().getLast().clientEvents()).extracting(RecordedEvent::type).contains("response.cancel");
        }
    }

    @Test
    void delayEachSpacesEvents() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.sessions().getLast().inject(Fault.delayEach(Duration.ofMillis(150)));
            long t0 = System.nanoTime();
            c.send(SimulatorProtocolTest.userText("x"));
            c.until("conversation.item.done");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void malformedFrameAndUnknownEvent() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.sessions().getLast().inject(Fault.malformedFrame());
            String raw = c.nextRaw();
            assertThatThrownBy(() -> Json.parse(raw)).isInstanceOf(Exception.class);
            sim.sessions().getLast().inject(Fault.unknownEvent("response.brand_new_thing"));
            JsonNode e = c.next();
            assertThat(e.path("type").asText()).isEqualTo("response.brand_new_thing");
            assertThat(e.path("event_id").asText()).startsWith("event_");
        }
    }

    @Test
    void handshakeRejectionIsAnHttpResponse() throws Exception {
        sim.injectOnNextConnection(Fault.rejectHandshake(429, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}"));
        assertThatThrownBy(() -> WsClient.connect(sim, "?model=gpt-realtime"))
                .hasRootCauseMessage("Unexpected HTTP response status code 429")
                .rootCause().isNotNull();
        try (WsClient c = WsClient.open(sim)) {
            assertThat(c.ws.isInputClosed()).isFalse();
        }
    }

    @Test
    void nextConnectionFaultsApplyOnlyOnce() throws Exception {
        sim.injectOnNextConnection(Fault.drop().afterEvent("session.created"));
        try (WsClient c = WsClient.connect(sim, "?model=gpt-realtime")) {
            assertThat(c.closeCode()).isEqualTo(1006);
        }
        try (WsClient c = WsClient.open(sim)) {
            c.send(SimulatorProtocolTest.userText("x"));
            assertThat(c.next().path("type").asText()).isEqualTo("conversation.item.added");
        }
    }

    @Test
    void seededRandomTriggerIsDeterministic() throws Exception {
        int[] counts = new int[2];
        for (int run = 0; run < 2; run++) {
            try (RealtimeSimulator s = RealtimeSimulator.builder().seed(7).start()) {
                s.injectOnNextConnection(Fault.drop().afterRandomEvents(3, 40));
                try (WsClient c = WsClient.connect(s, "?model=gpt-realtime")) {
                    c.send("{\"type\":\"response.create\"}");
                    assertThat(c.closeCode()).isEqualTo(1006);
                    counts[run] = drain(c).size();
                }
            }
        }
        assertThat(counts[0]).isEqualTo(counts[1]).isBetween(3, 40);
    }
}
