package dev.tau4j;

import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.recovery.Stall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.Usage;
import dev.tau4j.simulator.RealtimeSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Values print concisely: {@code System.out.println(reply.usage())} is worth reading, and never shows a key. */
@Timeout(30)
class ValueToStringTest {

    @Test
    void usageCountsInputAndOutputByKind() {
        assertThat(new Usage(132, 0, 0, 0, 0, 0, 3, 15))
                .hasToString("Usage[input 132 (text 132, audio 0, cached 0), output 18 (text 3, audio 15), total 150 tokens]");
        assertThat(new Usage(10, 20, 5, 4, 8, 0, 1, 2))
                .hasToString("Usage[input 35 (text 10, audio 20, image 5, cached 12), output 3 (text 1, audio 2), total 38 tokens]");
    }

    @Test
    void aRealReplyPrintsItsUsageAndCostReadably() {
        String key = "sk-tostring-secret-0123456789";
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             Session session = Tau.createSession(SessionOptions.DEFAULTS,
                     TauOptions.builder().endpoint(sim.url()).apiKey(key).build())) {
            session.user("Hello");
            Response reply = session.response();

            assertThat(reply.usage().toString()).matches("Usage\\[input \\d+ \\(text \\d+, audio \\d+, cached \\d+\\),"
                    + " output \\d+ \\(text \\d+, audio \\d+\\), total \\d+ tokens]");
            assertThat(reply.costEstimate().toString()).startsWith("CostEstimate[$0.").contains(" for gpt-realtime: input_text ");
            assertThat(session.ledger().totalEstimate().toString()).matches("CostTotal\\[\\$0\\.\\d+ over 1 estimate]");
            assertThat(session.recoveryStats()).hasToString("RecoveryStats[no outage]");
            for (Object value : new Object[] {reply.usage(), reply.costEstimate(), session.ledger().totalEstimate(),
                    session.recoveryStats(), session.ledger().entries()}) {
                assertThat(value.toString()).doesNotContain(key).doesNotContain(key.substring(3, 11));
            }
        }
    }

    @Test
    void recoveryStatsStallsAndToolsLeaveOutWhatIsEmpty() {
        assertThat(new RecoveryStats(2, 3, 0, 1, 4, 1, Duration.ofMillis(800), Duration.ofMillis(1200), "close 1006", 0, 2))
                .hasToString("RecoveryStats[2 reconnects in 3 attempts, 1 stall, 4 items replayed, 1 response asked for again,"
                        + " outage 1.2 s in all (last 800 ms), last failure: close 1006]");
        assertThat(new RecoveryStats(1, 1, 1, 0, 0, 0, Duration.ofMillis(300), Duration.ofMillis(300), "close 1011", 2, 0))
                .hasToString("RecoveryStats[1 reconnect in 1 attempt, 1 rollover, 2 resumptions, outage 300 ms in all"
                        + " (last 300 ms), last failure: close 1011]");
        assertThat(new Stall("resp_1", Duration.ofSeconds(5), Resilience.StallAction.RECONNECT))
                .hasToString("Stall[resp_1 silent for 5 s → RECONNECT]");
        assertThat(new FunctionCall("item_1", "call_1", "get_weather", "{\"city\":\"Paris\"}"))
                .hasToString("FunctionCall[get_weather({\"city\":\"Paris\"}), call call_1]");
        assertThat(new FunctionCall("item_1", "call_1", "f", "x".repeat(500)).toString()).hasSizeLessThan(240);
        assertThat(ToolChoice.AUTO).hasToString("ToolChoice[auto]");
    }
}
