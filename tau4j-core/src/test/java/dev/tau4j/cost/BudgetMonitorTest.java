package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.ResponseOrigin;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BudgetMonitorTest {

    private static final PriceTable PRICES = PriceTable.bundled();

    /** A gpt-realtime response of exactly {@code outputAudio} output audio tokens: $64 per 1M. */
    private static ResponseUsage audioOut(String id, long outputAudio) {
        return ResponseUsage.of(id, ResponseOrigin.SERVER_STARTED, "gpt-realtime",
                new Usage(0, 0, 0, 0, 0, 0, 0, outputAudio), "completed", PRICES);
    }

    private static final class Recorder implements BudgetListener {
        final List<BudgetSignal> signals = new ArrayList<>();

        @Override
        public void onWarning(BudgetWarning warning) {
            signals.add(warning);
        }

        @Override
        public void onExceeded(BudgetExceeded exceeded) {
            signals.add(exceeded);
        }
    }

    @Test
    void warnsOnceAtTheThresholdThenRefusesAtTheCap() {
        Recorder recorder = new Recorder();
        BudgetMonitor monitor = new BudgetMonitor(Budget.builder().maxUsd("0.64").build(), recorder);
        // 5000 tokens × 64 / 1e6 = 0.32 USD: 50 %, no signal.
        assertThat(monitor.onResponse(audioOut("r1", 5000))).isEmpty();
        monitor.checkBeforeResponse();
        // +2000 → 0.448 USD = 70 %: still below the 0.8 × 0.64 = 0.512 threshold.
        assertThat(monitor.onResponse(audioOut("r2", 2000))).isEmpty();
        // +1000 → 0.512 USD: exactly the threshold, warns.
        List<BudgetSignal> signals = monitor.onResponse(audioOut("r3", 1000));
        assertThat(signals).singleElement().isInstanceOfSatisfying(BudgetWarning.class, w -> {
            assertThat(w.cap()).isEqualTo(BudgetCap.USD);
            assertThat(w.spent()).isEqualByComparingTo("0.512");
            assertThat(w.threshold()).isEqualByComparingTo("0.512");
        });
        // +500 → 0.544: above the threshold again, but the warning is not repeated.
        assertThat(monitor.onResponse(audioOut("r4", 500))).isEmpty();
        assertThatCode(monitor::checkBeforeResponse).doesNotThrowAnyException();
        // +1500 → 0.64 USD: the cap is reached.
        assertThat(monitor.onResponse(audioOut("r5", 1500))).singleElement().isInstanceOf(BudgetExceeded.class);
        assertThat(monitor.onResponse(audioOut("r6", 1500))).isEmpty();
        assertThat(recorder.signals).hasSize(2);
        assertThat(monitor.shouldClose()).isFalse();
        assertThatThrownBy(monitor::checkBeforeResponse)
                .isInstanceOf(BudgetExceededException.class)
                .hasMessage("Budget exceeded: spent 0.64 USD of the 0.64 USD cost cap; new responses are refused. "
                        + "Raise the cap in Budget or start a new session.")
                .satisfies(e -> assertThat(((BudgetExceededException) e).isRetryable()).isFalse());
    }

    @Test
    void closeSessionPolicySaysCloseAndAlsoRefuses() {
        BudgetMonitor monitor = new BudgetMonitor(Budget.builder().maxTokens(1000).policy(BudgetPolicy.CLOSE_SESSION).build());
        assertThat(monitor.shouldClose()).isFalse();
        // One jump over both the threshold (800) and the cap: warning first, then exceeded.
        List<BudgetSignal> signals = monitor.onResponse(audioOut("r1", 1200));
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0)).isInstanceOf(BudgetWarning.class);
        assertThat(signals.get(1)).isInstanceOfSatisfying(BudgetExceeded.class, e -> {
            assertThat(e.cap()).isEqualTo(BudgetCap.TOKENS);
            assertThat(e.policy()).isEqualTo(BudgetPolicy.CLOSE_SESSION);
            assertThat(e.spent()).isEqualByComparingTo("1200");
        });
        assertThat(monitor.shouldClose()).isTrue();
        assertThatThrownBy(monitor::checkBeforeResponse).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("spent 1200 tokens of the 1000 tokens token cap");
    }

    @Test
    void connectedTimeCapCountsAcrossReconnects() {
        Recorder recorder = new Recorder();
        BudgetMonitor monitor = new BudgetMonitor(Budget.builder().maxConnectedTime(Duration.ofMinutes(10))
                .warnAt(0.5).policy(BudgetPolicy.CLOSE_SESSION).build(), recorder);
        assertThat(monitor.onConnectedTime(Duration.ofMinutes(4))).isEmpty();
        // First connection dropped; the second one adds up: 4 + 1 = 5 min = 50 %.
        assertThat(monitor.onConnectedTime(Duration.ofMinutes(1))).singleElement().isInstanceOf(BudgetWarning.class);
        assertThat(monitor.onConnectedTime(Duration.ofSeconds(299))).isEmpty();
        assertThat(monitor.shouldClose()).isFalse();
        assertThat(monitor.onConnectedTime(Duration.ofSeconds(1))).singleElement()
                .isInstanceOfSatisfying(BudgetExceeded.class, e -> assertThat(e.limit()).isEqualByComparingTo("600"));
        assertThat(monitor.connectedTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(monitor.shouldClose()).isTrue();
        assertThat(recorder.signals).hasSize(2);
    }

    @Test
    void eachCapWarnsIndependently() {
        BudgetMonitor monitor = new BudgetMonitor(Budget.builder().maxUsd("1").maxTokens(100).build());
        List<BudgetSignal> tokenSignals = monitor.onTranscription(new TranscriptionEntry("item_1", "whisper-1",
                TranscriptionUsage.ofTokens(0, 50, 40), CostEstimate.unknown("whisper-1", "tokens on a per-minute model")));
        assertThat(tokenSignals).singleElement().satisfies(s -> assertThat(s.cap()).isEqualTo(BudgetCap.TOKENS));
        assertThat(monitor.unknownCostParts()).isEqualTo(1);
        assertThat(monitor.spentUsd()).isZero();
        // 0.05 USD/min × 16 min = 0.8 USD: the USD warning fires, the token one does not repeat.
        List<BudgetSignal> usdSignals = monitor.onCost(PRICES.estimateConnection("grok-voice-fast-1.0", Duration.ofMinutes(16)));
        assertThat(usdSignals).singleElement().satisfies(s -> {
            assertThat(s.cap()).isEqualTo(BudgetCap.USD);
            assertThat(s.spent()).isEqualByComparingTo(new BigDecimal("0.8"));
        });
    }

    @Test
    void budgetValidates() {
        assertThatThrownBy(() -> Budget.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one cap");
        assertThatThrownBy(() -> Budget.builder().maxUsd("0").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Budget.builder().maxTokens(10).warnAt(1.5).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Budget.builder().maxConnectedTime(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
        Budget b = Budget.builder().maxTokens(10).build();
        assertThat(b.warnAt()).isEqualTo(0.8);
        assertThat(b.policy()).isEqualTo(BudgetPolicy.REFUSE_NEW_RESPONSES);
        assertThat(b.toBuilder().build()).isEqualTo(b);
    }
}
