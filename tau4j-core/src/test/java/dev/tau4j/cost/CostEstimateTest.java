package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CostEstimateTest {

    private static final PriceTable PRICES = PriceTable.bundled();

    private static BigDecimal line(CostEstimate e, TokenKind kind) {
        return e.lines().stream().filter(l -> l.kind() == kind).findFirst().orElseThrow().usd();
    }

    private static long tokens(CostEstimate e, TokenKind kind) {
        return e.lines().stream().filter(l -> l.kind() == kind).findFirst().orElseThrow().tokens();
    }

    @Test
    void gptRealtimeBillsCachedAudioOnceAtTheCachedRate() {
        // GA capture: text 59, audio 73 of which 64 cached, output text 41, audio 147.
        // input_text        59 × 4.00  =   236
        // input_audio  (73−64)=9 × 32.00 = 288
        // input_audio_cached 64 × 0.40  =  25.6
        // output_text       41 × 16.00 =   656
        // output_audio     147 × 64.00 =  9408
        // total 10613.6 / 1e6 = 0.0106136 USD
        CostEstimate e = PRICES.estimate("gpt-realtime", new Usage(59, 73, 0, 0, 64, 0, 41, 147));
        assertThat(e.isKnown()).isTrue();
        assertThat(e.totalUsd()).isEqualByComparingTo("0.0106136");
        assertThat(tokens(e, TokenKind.INPUT_AUDIO)).isEqualTo(9);
        assertThat(line(e, TokenKind.INPUT_AUDIO_CACHED)).isEqualByComparingTo("0.0000256");
        assertThat(e.lines()).extracting(CostLine::kind).containsExactly(TokenKind.values());
    }

    @Test
    void gptRealtimeMiniWithCachedText() {
        // input_text (1278−128)=1150 × 0.60 = 690
        // input_text_cached      128 × 0.06 =   7.68
        // input_audio             61 × 10   = 610
        // output_text             86 × 2.40 = 206.4
        // output_audio           185 × 20   = 3700
        // total 5214.08 / 1e6 = 0.00521408 USD
        CostEstimate e = PRICES.estimate("gpt-realtime-mini", new Usage(1278, 61, 0, 128, 0, 0, 86, 185));
        assertThat(e.totalUsd()).isEqualByComparingTo("0.00521408");
        assertThat(PRICES.estimate("4o-mini", new Usage(1278, 61, 0, 128, 0, 0, 86, 185)).totalUsd())
                .isEqualByComparingTo("0.00521408");
    }

    @Test
    void preview20241217IsNotPricedAsMini() {
        // input_text           455 × 5   =  2275
        // input_audio (229−128)=101 × 40  =  4040
        // input_audio_cached   128 × 2.5 =   320
        // output_text           83 × 20  =  1660
        // output_audio         332 × 80  = 26560
        // total 34855 / 1e6 = 0.034855 USD (tau.js would have billed the gross 229 audio tokens: +0.00512)
        CostEstimate e = PRICES.estimate("gpt-4o-realtime-preview-2024-12-17", new Usage(455, 229, 0, 0, 128, 0, 83, 332));
        assertThat(e.totalUsd()).isEqualByComparingTo("0.034855");
        assertThat(e.lines()).extracting(CostLine::kind).doesNotContain(TokenKind.INPUT_IMAGE);
    }

    @Test
    void gptRealtime2WithImagesAndCaches() {
        // input_text    (200−64)=136 × 4    =   544
        // input_text_cached      64 × 0.4  =    25.6
        // input_audio          1000 × 32   = 32000
        // input_image  (500−256)=244 × 5    =  1220
        // input_image_cached    256 × 0.5  =   128
        // output_text            50 × 24   =  1200
        // output_audio          400 × 64   = 25600
        // total 60717.6 / 1e6 = 0.0607176 USD
        CostEstimate e = PRICES.estimate("gpt-realtime-2", new Usage(200, 1000, 500, 64, 0, 256, 50, 400));
        assertThat(e.totalUsd()).isEqualByComparingTo("0.0607176");
        assertThat(line(e, TokenKind.INPUT_IMAGE)).isEqualByComparingTo("0.00122");
    }

    @Test
    void geminiHasNoCacheDiscountSoCachedTokensPayTheFullRate() {
        // input_text          100 × 0.35 =  35
        // input_audio (320−64)=256 × 2.10 = 537.6
        // input_audio_cached   64 × 2.10 = 134.4  (no cached price)
        // output_text          10 × 1.50 =  15
        // output_audio         96 × 8.50 = 816
        // total 1538 / 1e6 = 0.001538 USD
        CostEstimate e = PRICES.estimate("gemini-2.0-flash-live-001", new Usage(100, 320, 0, 0, 64, 0, 10, 96));
        assertThat(e.totalUsd()).isEqualByComparingTo("0.001538");
        assertThat(e.lines()).extracting(CostLine::kind).doesNotContain(TokenKind.INPUT_TEXT_CACHED);
    }

    @Test
    void geminiNativeAudioTurnFromTheCapturedCall() {
        // usageMetadata of the 2nd turn of the Voximplant capture: 6548 text + 14 audio in, 111 audio out.
        // input_text   6548 × 0.50 = 3274
        // input_audio    14 × 3.00 =   42
        // output_audio  111 × 12.00 = 1332
        // total 4648 / 1e6 = 0.004648 USD
        CostEstimate e = PRICES.estimate("gemini-2.5-flash-native-audio-latest", new Usage(6548, 14, 0, 0, 0, 0, 0, 111));
        assertThat(e.totalUsd()).isEqualByComparingTo("0.004648");
    }

    @Test
    void unknownModelIsNeverPricedAsAnother() {
        CostEstimate e = PRICES.estimate("gpt-realtime-3", new Usage(10, 10, 0, 0, 0, 0, 10, 10));
        assertThat(e.isKnown()).isFalse();
        assertThat(e.totalUsd()).isNull();
        assertThat(e.totalUsdOrZero()).isZero();
        assertThat(e.unknownReason()).contains("'gpt-realtime-3' is not in the price table");
        assertThat(e.lines()).isEmpty();
    }

    @Test
    void tokensOfAKindTheModelDoesNotPriceMakeTheCostUnknown() {
        CostEstimate e = PRICES.estimate("gpt-4o-realtime-preview-2024-12-17", new Usage(10, 0, 5, 0, 0, 0, 0, 0));
        assertThat(e.isKnown()).isFalse();
        assertThat(e.unknownReason()).contains("no input_image price").contains("5 such tokens");
    }

    @Test
    void perMinuteModelsAreEstimatedFromConnectedTime() {
        // 2.5 min × 0.05 = 0.125 USD
        CostEstimate e = PRICES.estimateConnection("grok-voice-latest", Duration.ofSeconds(150));
        assertThat(e.totalUsd()).isEqualByComparingTo("0.125");
        assertThat(e.time().usdPerMinute()).isEqualByComparingTo("0.05");
        assertThat(PRICES.estimate("grok-voice-fast-1.0", new Usage(1, 0, 0, 0, 0, 0, 0, 0)).unknownReason())
                .contains("billed per minute");
        assertThat(PRICES.estimateConnection("gpt-realtime", Duration.ofMinutes(1)).isKnown()).isFalse();
    }

    @Test
    void transcriptionByTokensAndByDuration() {
        // gpt-4o-mini-transcribe tokens: audio 13 × 3 = 39, output 9 × 5 = 45 → 84 / 1e6 = 0.000084
        CostEstimate tokens = PRICES.estimateTranscription("gpt-4o-mini-transcribe", TranscriptionUsage.ofTokens(0, 13, 9));
        assertThat(tokens.totalUsd()).isEqualByComparingTo("0.000084");
        // whisper-1 duration: 90 s = 1.5 min × 0.006 = 0.009
        assertThat(PRICES.estimateTranscription("whisper-1", TranscriptionUsage.ofSeconds(90)).totalUsd())
                .isEqualByComparingTo("0.009");
        // gpt-realtime-whisper 1 s: 0.017 / 60 = 0.000283333…, rounded to 10 places
        assertThat(PRICES.estimateTranscription("gpt-realtime-whisper", TranscriptionUsage.ofSeconds(1)).totalUsd())
                .isEqualTo(new BigDecimal("0.0002833333"));
        assertThat(PRICES.estimateTranscription("whisper-1", TranscriptionUsage.ofTokens(0, 13, 9)).isKnown()).isFalse();
        assertThat(PRICES.estimateTranscription("my-asr", TranscriptionUsage.ofSeconds(1)).isKnown()).isFalse();
    }

    @Test
    void jsonIsTheCliContract() throws Exception {
        CostEstimate e = PRICES.estimate("gpt-realtime", new Usage(59, 73, 0, 0, 64, 0, 41, 147));
        JsonNode json = e.toJson();
        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("model", "total_usd", "lines");
        assertThat(json.path("model").asText()).isEqualTo("gpt-realtime");
        assertThat(json.path("total_usd").isNumber()).isTrue();
        assertThat(json.path("total_usd").asDouble()).isEqualTo(0.0106136);
        JsonNode audio = json.path("lines").get(2);
        assertThat(new ObjectMapper().writeValueAsString(audio))
                .isEqualTo("{\"kind\":\"input_audio\",\"tokens\":9,\"usd_per_million\":32.0,\"usd\":2.88E-4}");
        assertThat(json.path("lines")).hasSize(8);
    }

    @Test
    void tauJsShapeHasComputedTotalAndPerKindTokens() {
        CostEstimate e = PRICES.estimate("gpt-realtime", new Usage(59, 73, 0, 0, 64, 0, 41, 147));
        JsonNode json = e.toTauJsJson();
        assertThat(json.path("computed").path("total_usage_cost").asDouble()).isEqualTo(0.0106136);
        JsonNode audio = json.path("tokens").path("input_audio");
        assertThat(audio.path("tokens").asLong()).isEqualTo(9);
        assertThat(audio.path("cpm").asDouble()).isEqualTo(32.0);
        assertThat(audio.path("usage_cost").asDouble()).isEqualTo(0.000288);
        assertThat(json.path("tokens").path("output_audio").path("usage_cost").asDouble()).isEqualTo(0.009408);
        assertThat(CostEstimate.unknown("x", "why").toTauJsJson().path("computed").path("total_usage_cost").isNull())
                .isTrue();
    }

    @Test
    void zeroUsageCostsNothing() {
        assertThat(PRICES.estimate("gpt-realtime", Usage.ZERO).totalUsd()).isZero();
        assertThat(CostEstimate.of("m", List.of(), null).totalUsd()).isZero();
    }
}
