package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cost values print what a person wants to read: amounts in dollars, lines that billed something. */
@Timeout(10)
class CostToStringTest {

    private static final PriceTable PRICES = PriceTable.bundled();

    @Test
    void anEstimateListsTheLinesThatBilledTokensInDollars() {
        CostEstimate e = PRICES.estimate("gpt-realtime", new Usage(59, 73, 0, 0, 64, 0, 41, 147));

        assertThat(e).hasToString("CostEstimate[$0.0106136 for gpt-realtime: input_text 59 × $4/M = $0.000236,"
                + " input_audio 9 × $32/M = $0.000288, input_audio_cached 64 × $0.4/M = $0.0000256,"
                + " output_text 41 × $16/M = $0.000656, output_audio 147 × $64/M = $0.009408]");
    }

    @Test
    void anUnknownEstimateSaysWhy() {
        CostEstimate e = PRICES.estimate("gpt-realtime-9", Usage.ZERO);

        assertThat(e.toString()).startsWith("CostEstimate[unknown for gpt-realtime-9: ").doesNotContain("null");
    }

    @Test
    void tinyAmountsNeverUseScientificNotation() {
        CostLine line = CostLine.of(TokenKind.INPUT_TEXT_CACHED, 1, new BigDecimal("0.4"));

        assertThat(line).hasToString("input_text_cached 1 × $0.4/M = $0.0000004");
    }

    @Test
    void timeTotalsAndBudgetsReadAsSentences() {
        assertThat(new TimeCharge(Duration.ofMillis(12_500), new BigDecimal("0.06"), new BigDecimal("0.0125000000")))
                .hasToString("12.5 s × $0.06/min = $0.0125");
        CostTotal total = CostTotal.ZERO.plus(CostEstimate.of("m", java.util.List.of(), null))
                .plus(CostEstimate.unknown("x", "not priced"));
        assertThat(total).hasToString("CostTotal[$0 over 1 estimate + 1 unknown]");
        assertThat(Budget.builder().maxUsd("1.50").maxTokens(10_000).maxConnectedTime(Duration.ofMinutes(30)).build())
                .hasToString("Budget[max $1.5, 10000 tokens, 30 min connected; warn at 80%; REFUSE_NEW_RESPONSES]");
        assertThat(new BudgetWarning(BudgetCap.USD, new BigDecimal("0.82"), BigDecimal.ONE, new BigDecimal("0.80")))
                .hasToString("BudgetWarning[USD: spent 0.82 of 1, warning at 0.8]");
        assertThat(new BudgetExceeded(BudgetCap.TOKENS, new BigDecimal("10010"), new BigDecimal("10000"),
                BudgetPolicy.REFUSE_NEW_RESPONSES)).hasToString("BudgetExceeded[tokens: spent 10010 of 10000 → REFUSE_NEW_RESPONSES]");
        assertThat(new ContextItem("item_1", 120, true)).hasToString("ContextItem[item_1 ~120 tokens, pinned]");
        assertThat(new TurnContext(3, 1200, 900, 300, 3000, 2000, true)).hasToString(
                "TurnContext[turn 3: input 1200 (900 re-billed, 300 fresh); in all 3000 (2000 re-billed), ×3.0, threshold crossed]");
    }
}
