package dev.tau4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UsageCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path captures() {
        String dir = System.getProperty("tau4j.captures");
        assertThat(dir).as("system property tau4j.captures (set by surefire)").isNotNull();
        return Path.of(dir);
    }

    /** Every server event of the given type in the OpenAI captures, as {file, event}. */
    private static List<JsonNode> serverEvents(String type) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(captures())) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("openai_")
                    && p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(line).path("event");
                    if (type.equals(event.path("type").asText())) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    @Test
    void everyCapturedResponseDoneUsageDecodesWithMatchingTotals() throws IOException {
        List<JsonNode> done = serverEvents("response.done");
        assertThat(done).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode event : done) {
            JsonNode wire = event.path("response").path("usage");
            Usage usage = UsageCodec.usage(wire);
            assertThat(usage.totalTokens()).as(wire.toString()).isEqualTo(wire.path("total_tokens").asLong());
            assertThat(usage.inputTokens()).as(wire.toString()).isEqualTo(wire.path("input_tokens").asLong());
            assertThat(usage.outputTokens()).as(wire.toString()).isEqualTo(wire.path("output_tokens").asLong());
            assertThat(usage.cachedTokens()).as(wire.toString())
                    .isEqualTo(wire.path("input_token_details").path("cached_tokens").asLong());
        }
    }

    @Test
    void gaUsageWithCachedAudioKeepsEachKind() throws IOException {
        JsonNode wire = JSON.readTree("""
                {"total_tokens":320,"input_tokens":132,"output_tokens":188,
                 "input_token_details":{"text_tokens":59,"audio_tokens":73,"image_tokens":0,"cached_tokens":64,
                   "cached_tokens_details":{"text_tokens":0,"audio_tokens":64,"image_tokens":0}},
                 "output_token_details":{"text_tokens":41,"audio_tokens":147}}""");
        assertThat(UsageCodec.usage(wire)).isEqualTo(new Usage(59, 73, 0, 0, 64, 0, 41, 147));
    }

    @Test
    void october2024ShapeAttributesCachedTokensToText() throws IOException {
        JsonNode wire = JSON.readTree("""
                {"total_tokens":1062,"input_tokens":919,"output_tokens":143,
                 "input_token_details":{"cached_tokens":128,"text_tokens":643,"audio_tokens":276},
                 "output_token_details":{"text_tokens":36,"audio_tokens":107}}""");
        assertThat(UsageCodec.usage(wire)).isEqualTo(new Usage(643, 276, 0, 128, 0, 0, 36, 107));
    }

    @Test
    void missingOrNullUsageIsZero() throws IOException {
        assertThat(UsageCodec.usage(null)).isEqualTo(Usage.ZERO);
        assertThat(UsageCodec.usage(NullNode.getInstance())).isEqualTo(Usage.ZERO);
        assertThat(UsageCodec.usage(JSON.readTree("{}").path("usage"))).isEqualTo(Usage.ZERO);
        assertThat(UsageCodec.usage(JSON.readTree("{\"input_tokens\":\"x\"}"))).isEqualTo(Usage.ZERO);
    }

    @Test
    void encodesTheGaShapeAndDecodesItBack() {
        Usage usage = new Usage(59, 73, 12, 0, 64, 8, 41, 147);
        JsonNode json = UsageCodec.toJson(usage);
        assertThat(json.path("total_tokens").asLong()).isEqualTo(59 + 73 + 12 + 41 + 147);
        assertThat(json.path("input_token_details").path("cached_tokens").asLong()).isEqualTo(72);
        assertThat(json.path("input_token_details").path("cached_tokens_details").path("image_tokens").asLong())
                .isEqualTo(8);
        assertThat(UsageCodec.usage(json)).isEqualTo(usage);
    }

    @Test
    void everyRealGeminiUsageMetadataDecodesWithMatchingTotals() throws IOException {
        Path file = captures().resolve("gemini_live_phone_call_via_voximplant_connector.jsonl");
        List<JsonNode> metadata = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode usage = line.isBlank() ? null : JSON.readTree(line).path("event").get("usageMetadata");
            if (usage != null) {
                metadata.add(usage);
            }
        }
        assertThat(metadata).hasSize(4);
        for (JsonNode wire : metadata) {
            Usage usage = UsageCodec.geminiUsage(wire);
            assertThat(usage.totalTokens()).as(wire.toString()).isEqualTo(wire.path("totalTokenCount").asLong());
            assertThat(usage.inputTokens()).isEqualTo(wire.path("promptTokenCount").asLong());
        }
        assertThat(UsageCodec.geminiUsage(metadata.get(1))).isEqualTo(new Usage(6548, 14, 0, 0, 0, 0, 0, 111));
    }

    @Test
    void geminiUsageCountsToolPromptsThoughtsCachesAndVertexCandidates() throws IOException {
        JsonNode wire = JSON.readTree("""
                {"promptTokenCount":1000,"cachedContentTokenCount":200,"toolUsePromptTokenCount":50,
                 "thoughtsTokenCount":30,"responseTokenCount":120,
                 "promptTokensDetails":[{"modality":"TEXT","tokenCount":300},{"modality":"AUDIO","tokenCount":600},
                                        {"modality":"VIDEO","tokenCount":100}],
                 "responseTokensDetails":[{"modality":"AUDIO","tokenCount":100},{"modality":"TEXT","tokenCount":20}]}""");
        // text 300 + tool 50, audio 600, image (video) 100; cached 200 → text; output text 20 + thoughts 30, audio 100.
        assertThat(UsageCodec.geminiUsage(wire)).isEqualTo(new Usage(350, 600, 100, 200, 0, 0, 50, 100));
        JsonNode vertex = JSON.readTree("{\"promptTokenCount\":15,\"candidatesTokenCount\":50,"
                + "\"candidatesTokensDetails\":[{\"tokenCount\":10,\"modality\":\"TEXT\"}]}");
        assertThat(UsageCodec.geminiUsage(vertex)).isEqualTo(new Usage(15, 0, 0, 0, 0, 0, 50, 0));
        assertThat(UsageCodec.geminiUsage(NullNode.getInstance())).isEqualTo(Usage.ZERO);
    }

    @Test
    void everyCapturedTranscriptionUsageDecodes() throws IOException {
        List<JsonNode> completed = serverEvents("conversation.item.input_audio_transcription.completed");
        List<TranscriptionUsage> decoded = new ArrayList<>();
        for (JsonNode event : completed) {
            TranscriptionUsage usage = UsageCodec.transcriptionUsage(event.get("usage"));
            if (usage == null) {
                assertThat(event.path("usage").isMissingNode() || event.path("usage").isNull()).isTrue();
                continue;
            }
            decoded.add(usage);
            if (usage.kind() == TranscriptionUsage.Kind.TOKENS) {
                assertThat(usage.inputTokens() + usage.outputTokens())
                        .isEqualTo(event.path("usage").path("total_tokens").asLong());
            }
        }
        assertThat(decoded).contains(TranscriptionUsage.ofSeconds(1), TranscriptionUsage.ofTokens(0, 13, 9));
    }

    @Test
    void transcriptionUsageOfBothShapes() throws IOException {
        assertThat(UsageCodec.transcriptionUsage(JSON.readTree("""
                {"type":"tokens","total_tokens":24,"input_tokens":16,
                 "input_token_details":{"text_tokens":2,"audio_tokens":14},"output_tokens":8}""")))
                .isEqualTo(TranscriptionUsage.ofTokens(2, 14, 8));
        assertThat(UsageCodec.transcriptionUsage(JSON.readTree("{\"type\":\"duration\",\"seconds\":2.5}")))
                .isEqualTo(TranscriptionUsage.ofSeconds(2.5));
        assertThat(UsageCodec.transcriptionUsage(NullNode.getInstance())).isNull();
        assertThat(UsageCodec.transcriptionUsage(null)).isNull();
    }
}
