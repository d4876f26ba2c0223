package dev.tau4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.ProtocolException;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.UnknownEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real capture of the OpenAI protocols decodes, with no event lost or misread. */
@Timeout(30)
class CapturesTest {

    /** Beta names whose GA record differs in name only. */
    private static final Map<String, String> ALIASES = Map.of(
            "response.audio.delta", "response.output_audio.delta",
            "response.audio.done", "response.output_audio.done",
            "response.audio_transcript.delta", "response.output_audio_transcript.delta",
            "response.audio_transcript.done", "response.output_audio_transcript.done",
            "response.text.delta", "response.output_text.delta",
            "response.text.done", "response.output_text.done",
            "transcription_session.updated", "session.updated");

    static Stream<Path> openAiCaptures() throws IOException {
        Path dir = Path.of(System.getProperty("tau4j.captures", "../testdata/captures"));
        return Files.list(dir).filter(p -> p.getFileName().toString().startsWith("openai_")).sorted();
    }

    record Line(String dir, JsonNode event) {
    }

    static List<Line> frames(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        for (String raw : Files.readAllLines(file)) {
            if (raw.isBlank()) {
                continue;
            }
            JsonNode line = Json.MAPPER.readTree(raw);
            JsonNode event = line.get("event");
            if (event.fieldNames().next().startsWith("_")) {
                continue; // pseudo-events: upgrade, close, ping, gaps
            }
            out.add(new Line(line.get("dir").asText(), event));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openAiCaptures")
    void everyServerEventOfTheCaptureDecodesToItsOwnType(Path file) throws IOException {
        List<Line> server = frames(file).stream().filter(l -> l.dir().equals("server")).toList();
        assertThat(server).isNotEmpty();
        for (Line line : server) {
            String type = line.event().get("type").asText();
            if (hasPlaceholderAudio(line.event())) {
                // Sources elided the audio ("<base64 …>", "…", "Base64EncodedAudioDelta"): a typed error, never a crash.
                assertThatThrownBy(() -> EventCodec.decode(line.event().toString())).isInstanceOf(ProtocolException.class)
                        .hasMessageContaining(type);
                continue;
            }
            ServerEvent event = EventCodec.decode(line.event().toString());
            assertThat(event).as("%s in %s", type, file.getFileName()).isNotInstanceOf(UnknownEvent.class);
            assertThat(event.type()).isEqualTo(ALIASES.getOrDefault(type, type));
            assertThat(event.eventId()).isEqualTo(line.event().path("event_id").asText(null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openAiCaptures")
    void everyGaClientEventOfTheCaptureDecodesAndReEncodesToTheSameJson(Path file) throws IOException {
        Set<String> gaClientTypes = Set.of("session.update", "input_audio_buffer.append", "input_audio_buffer.commit",
                "input_audio_buffer.clear", "conversation.item.create", "conversation.item.retrieve",
                "conversation.item.truncate", "conversation.item.delete", "response.create", "response.cancel");
        for (Line line : frames(file)) {
            if (!line.dir().equals("client") || !gaClientTypes.contains(line.event().path("type").asText())) {
                continue;
            }
            if (hasPlaceholderAudio(line.event()) || line.event().get("type").asText().equals("session.update")
                    && !line.event().has("session")) {
                // Elided audio, or only the type recorded by the source: a typed error, never a crash.
                assertThatThrownBy(() -> EventCodec.decodeClient(line.event().toString()))
                        .isInstanceOf(ProtocolException.class);
                continue;
            }
            ClientEvent decoded = EventCodec.decodeClient(line.event().toString());
            assertThat(decoded).isNotNull();
            JsonNode reEncoded = Json.MAPPER.readTree(EventCodec.encode(decoded));
            assertThat(reEncoded).as("round trip of %s", line.event()).isEqualTo(stripNullPreviousItem(line.event()));
        }
    }

    /** True when the audio payload of the event is not base64 at all (the source elided it). */
    private static boolean hasPlaceholderAudio(JsonNode event) {
        String type = event.path("type").asText();
        String field = type.endsWith("audio.delta") ? "delta" : type.equals("input_audio_buffer.append") ? "audio" : null;
        if (field == null) {
            return false;
        }
        String payload = event.path(field).asText("");
        if (payload.length() % 4 == 1) {
            return true;
        }
        try {
            Base64.getDecoder().decode(payload + "=".repeat((4 - payload.length() % 4) % 4));
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static JsonNode stripNullPreviousItem(JsonNode event) {
        var copy = event.deepCopy();
        if (copy.path("previous_item_id").isNull()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("previous_item_id");
        }
        return copy;
    }

    @Test
    void fullAudioDeltasDecodeToTheirExactPcmBytes() throws IOException {
        Path file = openAiCaptures().filter(p -> p.toString().contains("audio_delta_full_payloads")).findFirst().orElseThrow();
        List<Line> deltas = frames(file).stream().filter(l -> l.event().path("type").asText().endsWith("audio.delta")).toList();
        assertThat(deltas).hasSize(2);
        for (Line line : deltas) {
            byte[] expected = Base64.getDecoder().decode(line.event().get("delta").asText());
            ResponseOutputAudioDelta delta = (ResponseOutputAudioDelta) EventCodec.decode(line.event().toString());
            assertThat(delta.audio()).isEqualTo(expected);
            assertThat(delta.responseId()).isEqualTo(line.event().get("response_id").asText());
        }
    }

    @Test
    void usageOfEveryGaResponseDoneMatchesItsTotals() throws IOException {
        int checked = 0;
        for (Path file : openAiCaptures().filter(p -> p.toString().contains("openai_ga")).toList()) {
            for (Line line : frames(file)) {
                if (!line.event().path("type").asText().equals("response.done")) {
                    continue;
                }
                ResponseDone done = (ResponseDone) EventCodec.decode(line.event().toString());
                JsonNode usage = line.event().path("response").path("usage");
                if (usage.isMissingNode() || usage.isNull()) {
                    continue;
                }
                assertThat(done.response().usage().inputTokens()).isEqualTo(usage.get("input_tokens").asLong());
                assertThat(done.response().usage().outputTokens()).isEqualTo(usage.get("output_tokens").asLong());
                assertThat(done.response().usage().totalTokens()).isEqualTo(usage.get("total_tokens").asLong());
                assertThat(done.response().usage().cachedTokens())
                        .isEqualTo(usage.path("input_token_details").path("cached_tokens").asLong());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }
}
