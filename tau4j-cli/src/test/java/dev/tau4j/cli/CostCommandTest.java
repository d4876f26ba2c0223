package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(20)
class CostCommandTest {

    /** GA capture (openai_ga_real_single_events.jsonl): 59 text + 73 audio in, 64 audio cached, 41 + 147 out. */
    private static final String USAGE = """
            {"total_tokens":320,"input_tokens":132,"output_tokens":188,
             "input_token_details":{"text_tokens":59,"audio_tokens":73,"image_tokens":0,"cached_tokens":64,
               "cached_tokens_details":{"text_tokens":0,"audio_tokens":64,"image_tokens":0}},
             "output_token_details":{"text_tokens":41,"audio_tokens":147}}""";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CostCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void printsAReadableBreakdownOfAUsageObject() throws Exception {
        Run run = run("--model", "gpt-realtime", "--usage", file("usage.json", USAGE).toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        // 59×4 + 9×32 + 64×0.4 + 41×16 + 147×64 = 10613.6 → 0.0106136 USD, shown with 6 decimals.
        assertThat(run.out()).contains("Cost estimate for gpt-realtime (prices effective 2025-08-28")
                .containsPattern("input_audio\\s+9\\s+32.00\\s+0.000288")
                .containsPattern("input_audio_cached\\s+64\\s+0.40\\s+0.000026")
                .containsPattern("total\\s+0.010614")
                .contains("estimate");
    }

    @Test
    void jsonIsExactlyOneObjectForAWholeResponseDoneEvent() throws Exception {
        String event = "{\"type\":\"response.done\",\"event_id\":\"event_1\",\"response\":{\"id\":\"resp_1\","
                + "\"status\":\"completed\",\"usage\":" + USAGE + "}}";
        Run run = run("--model", "gpt-realtime", "--usage", file("done.json", event).toString(), "--json");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.out().strip()).doesNotContain("\n");
        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("model", "total_usd", "lines");
        assertThat(json.path("total_usd").isNumber()).isTrue();
        assertThat(json.path("total_usd").asDouble()).isEqualTo(0.0106136);
        assertThat(json.path("lines").get(0).toString())
                .isEqualTo("{\"kind\":\"input_text\",\"tokens\":59,\"usd_per_million\":4.0,\"usd\":2.36E-4}");
    }

    @Test
    void readsTopLevelUsageOfAnXaiStyleResponseDone() throws Exception {
        String event = "{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\"},\"usage\":" + USAGE + "}";
        Run run = run("--model", "gpt-realtime-mini", "--usage", file("xai.json", event).toString(), "--json");
        assertThat(run.exit()).isZero();
        // 59×0.6 + 9×10 + 64×0.3 + 41×2.4 + 147×20 = 35.4 + 90 + 19.2 + 98.4 + 2940 = 3183 → 0.003183
        assertThat(new ObjectMapper().readTree(run.out()).path("total_usd").asDouble()).isEqualTo(0.003183);
    }

    @Test
    void readsGeminiUsageMetadataAsAServerMessageOrAlone() throws Exception {
        String metadata = "{\"promptTokenCount\":1000,\"responseTokenCount\":200,\"totalTokenCount\":1200,"
                + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":400},{\"modality\":\"AUDIO\",\"tokenCount\":600}],"
                + "\"responseTokensDetails\":[{\"modality\":\"AUDIO\",\"tokenCount\":200}]}";
        String message = "{\"serverContent\":{\"turnComplete\":true},\"usageMetadata\":" + metadata + "}";
        String model = "gemini-2.5-flash-native-audio-preview-12-2025";
        for (Path usage : new Path[] {file("message.json", message), file("metadata.json", metadata)}) {
            Run run = run("--model", model, "--usage", usage.toString(), "--json");
            assertThat(run.exit()).as(usage.getFileName().toString()).isZero();
            // 400 text × 0.50 + 600 audio × 3.00 + 200 output audio × 12.00 = 4,400 per million → 0.0044
            assertThat(new ObjectMapper().readTree(run.out()).path("total_usd").asDouble()).isEqualTo(0.0044);
        }
    }

    @Test
    void unknownModelExitsOneWithTheReason() throws Exception {
        Run run = run("--model", "gpt-realtime-9", "--usage", file("usage.json", USAGE).toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.NOT_COMPLETED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("cost unknown: model 'gpt-realtime-9' is not in the price table");
    }

    @Test
    void pricesFileOverridesAndAddsModels() throws Exception {
        Path prices = file("prices.json", """
                {"effective_date":"2026-06-01","models":{"acme-voice":{"source":"ours",
                  "usd_per_million":{"input_text":1,"input_audio":1,"input_audio_cached":1,"output_text":1,"output_audio":1}}}}""");
        Run run = run("--model", "acme-voice", "--usage", file("usage.json", USAGE).toString(),
                "--prices", prices.toString(), "--json");
        assertThat(run.exit()).isZero();
        // 320 tokens × 1 USD / 1M = 0.00032
        assertThat(new ObjectMapper().readTree(run.out()).path("total_usd").asDouble()).isEqualTo(0.00032);
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        Run missing = run("--model", "gpt-realtime");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("--usage").doesNotContain("\n");

        Run noModel = run("--usage", file("u.json", USAGE).toString());
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("--model");

        Run unreadable = run("--model", "gpt-realtime", "--usage", dir.resolve("nope.json").toString());
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.err().strip()).startsWith("tau cost: cannot read").doesNotContain("\n");

        Run invalid = run("--model", "gpt-realtime", "--usage", file("bad.json", "{\"total_tokens\": 3,\n").toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err().strip()).contains("is not valid JSON").doesNotContain("\n");

        Run wrongEvent = run("--model", "gpt-realtime", "--usage",
                file("created.json", "{\"type\":\"response.created\",\"response\":{\"usage\":null}}").toString());
        assertThat(wrongEvent.exit()).isEqualTo(2);
        assertThat(wrongEvent.err()).contains("response.created");

        Run notUsage = run("--model", "gpt-realtime", "--usage", file("other.json", "{\"a\":1}").toString());
        assertThat(notUsage.exit()).isEqualTo(2);
        assertThat(notUsage.err()).contains("neither a usage object");

        Run badPrices = run("--model", "gpt-realtime", "--usage", file("u2.json", USAGE).toString(),
                "--prices", file("p.json", "{\"effective_date\":\"2026-01-01\",\"models\":{\"m\":{}}}").toString());
        assertThat(badPrices.exit()).isEqualTo(2);
        assertThat(badPrices.err()).contains("invalid price table").contains("model 'm'");

        Run unknownOption = run("--model", "gpt-realtime", "--frobnicate");
        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--frobnicate");
    }
}
