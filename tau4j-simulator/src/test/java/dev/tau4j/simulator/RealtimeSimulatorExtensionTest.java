package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
@RealtimeSimulatorTest
class RealtimeSimulatorExtensionTest {
    RealtimeSimulator field;

    @Test
    void injectsTheSameStartedSimulatorAsFieldAndParameter(RealtimeSimulator sim) throws Exception {
        assertThat(field).isSameAs(sim);
        sim.enqueue(Reply.text("Hi there."));
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"response.create\"}");
            assertThat(c.until("response.done").getLast().at("/response/output/0/content/0/transcript").asText()).isEqualTo("Hi there.");
            assertThat(sim.takeClientEvent(Duration.ofSeconds(5)).type()).isEqualTo("response.create");
        }
    }
}
