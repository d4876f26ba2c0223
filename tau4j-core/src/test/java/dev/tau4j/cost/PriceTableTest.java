package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class PriceTableTest {

    private static Path resource(String name) throws Exception {
        return Path.of(Objects.requireNonNull(PriceTableTest.class.getResource("/cost/" + name)).toURI());
    }

    private static PriceTable parse(String json) throws Exception {
        return PriceTable.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bundledTablePricesEveryDocumentedModel() {
        PriceTable table = PriceTable.bundled();
        assertThat(table).isSameAs(PriceTable.bundled());
        assertThat(table.effectiveDate()).isEqualTo(LocalDate.of(2026, 5, 16));
        assertThat(table.models()).containsKeys(
                "gpt-4o-realtime-preview-2024-10-01", "gpt-4o-realtime-preview-2024-12-17",
                "gpt-4o-realtime-preview-2025-06-03", "gpt-4o-mini-realtime-preview-2024-12-17",
                "gpt-realtime", "gpt-realtime-2025-08-28", "gpt-realtime-mini", "gpt-realtime-mini-2025-10-06",
                "gpt-realtime-mini-2025-12-15", "gpt-realtime-1.5", "gpt-realtime-2", "gpt-realtime-2.1-mini",
                "gemini-2.0-flash-live-001", "gemini-2.5-flash-native-audio-preview-09-2025",
                "gemini-2.5-flash-native-audio-preview-12-2025", "grok-voice-fast-1.0", "grok-voice-think-fast-1.0",
                "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "gpt-realtime-whisper");
        table.models().values().forEach(p -> assertThat(p.source()).isNotBlank());
    }

    @Test
    void bundledPricesMatchTheReferenceTable() {
        ModelPrice realtime2 = PriceTable.bundled().find("gpt-realtime-2").orElseThrow();
        assertThat(realtime2.perMillion(TokenKind.OUTPUT_TEXT)).hasValueSatisfying(
                v -> assertThat(v).isEqualByComparingTo("24.00"));
        assertThat(realtime2.effectiveDate()).isEqualTo(LocalDate.of(2026, 5, 1));
        ModelPrice gemini = PriceTable.bundled().find("gemini-2.0-flash-live-001").orElseThrow();
        assertThat(gemini.perMillion(TokenKind.INPUT_AUDIO_CACHED)).isEmpty();
        assertThat(PriceTable.bundled().find("grok-voice-fast-1.0").orElseThrow().perMinute())
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.05"));
        // Prices parse as exact decimals, not doubles (0.06 must not become 0.0599999…).
        assertThat(PriceTable.bundled().find("gpt-realtime-mini").orElseThrow().usdPerMillion()
                .get(TokenKind.INPUT_TEXT_CACHED)).isEqualTo(new BigDecimal("0.06"));
    }

    @Test
    void aliasesAreExplicitAndSnapshotsAreNeverGuessed() {
        PriceTable table = PriceTable.bundled();
        assertThat(table.find("4o")).isEqualTo(table.find("gpt-realtime"));
        assertThat(table.find("4o-mini")).isEqualTo(table.find("gpt-realtime-mini"));
        assertThat(table.find("grok-voice-latest")).isEqualTo(table.find("grok-voice-think-fast-1.0"));
        assertThat(table.find("gpt-realtime-2025-08-28")).isPresent();
        assertThat(table.find("gpt-realtime-2026-01-01")).isEmpty();
        assertThat(table.find("gpt-realtime-2.1")).isEmpty();
        assertThat(table.find("gpt-4o-mini-realtime-preview-2025-06-03")).isEmpty();
        assertThat(table.find("GPT-REALTIME")).isEmpty();
        assertThat(table.find(null)).isEmpty();
    }

    @Test
    void overridesFromAFileReplaceWholeModelsAndAddNewOnes() throws Exception {
        PriceTable merged = PriceTable.bundled().merge(PriceTable.load(resource("override-prices.json")));
        assertThat(merged.effectiveDate()).isEqualTo(LocalDate.of(2026, 6, 1));
        ModelPrice realtime = merged.find("gpt-realtime").orElseThrow();
        assertThat(realtime.source()).isEqualTo("negotiated contract (test)");
        // The override has no image prices: the whole model is replaced, not field by field.
        assertThat(realtime.perMillion(TokenKind.INPUT_IMAGE)).isEmpty();
        // The alias "4o" still resolves to gpt-realtime, now at the override's price.
        assertThat(merged.find("4o")).contains(realtime);
        assertThat(merged.find("acme")).isEqualTo(merged.find("acme-voice-1"));
        assertThat(merged.find("acme-voice-1").orElseThrow().effectiveDate()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(merged.find("gpt-realtime-2")).isEqualTo(PriceTable.bundled().find("gpt-realtime-2"));
        // The bundled table itself is untouched.
        assertThat(PriceTable.bundled().find("acme")).isEmpty();
    }

    @Test
    void withModelAddsAPriceInCode() {
        ModelPrice price = ModelPrice.builder().price(TokenKind.INPUT_TEXT, "1.5").price(TokenKind.OUTPUT_TEXT, "3")
                .effectiveDate(LocalDate.of(2026, 1, 1)).source("ours").build();
        PriceTable table = PriceTable.bundled().withModel("gpt-realtime-3", price);
        assertThat(table.find("gpt-realtime-3")).contains(price);
        assertThat(table.withModel("4o", price).find("4o")).contains(price);
    }

    @Test
    void invalidFilesAreRejectedWithAMessageSayingWhere(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> parse("{\"effective_date\":\"2026-01-01\",\"models\":{\"m\":{\"usd_per_million\":{\"input_text\":-1}}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model 'm'").hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("{\"effective_date\":\"2026-01-01\",\"models\":{\"m\":{\"usd_per_million\":{\"input_video\":1}}}}"))
                .hasMessageContaining("unknown token kind 'input_video'");
        assertThatThrownBy(() -> parse("{\"effective_date\":\"2026-01-01\",\"models\":{\"m\":{\"source\":\"x\"}}}"))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> parse("{\"effective_date\":\"2026-01-01\",\"models\":{},\"aliases\":{\"a\":\"nowhere\"}}"))
                .hasMessageContaining("alias 'a' points to 'nowhere'");
        assertThatThrownBy(() -> parse("{\"effective_date\":\"yesterday\",\"models\":{}}"))
                .hasMessageContaining("effective_date");
        assertThatThrownBy(() -> parse("{\"effective_date\":\"2026-01-01\",\"models\":{\"m\":{\"usd_per_million\":{\"input_text\":\"1\"}}}}"))
                .hasMessageContaining("m.input_text must be a number");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");
        assertThatThrownBy(() -> PriceTable.load(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void modelPriceValidates() {
        assertThatThrownBy(() -> ModelPrice.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelPrice.builder().perMinute("-0.01").build())
                .isInstanceOf(IllegalArgumentException.class);
        ModelPrice p = ModelPrice.builder().perMinute("0.05").source("s").effectiveDate(LocalDate.of(2026, 1, 1)).build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.isTokenPriced()).isFalse();
    }
}
