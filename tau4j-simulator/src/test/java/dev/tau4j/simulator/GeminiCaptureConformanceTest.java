package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's Gemini Live frames against the Gemini captures in {@code testdata/captures}:
 * every kind of server message a capture shows has the capture's field names (exactly for the real
 * Voximplant call, at least for documentation and SDK fixtures), turns run in the captured order,
 * and refusals close with the captured codes and reasons.
 */
@Timeout(60)
class GeminiCaptureConformanceTest {
    private static final String CALL = "gemini_live_phone_call_via_voximplant_connector.jsonl";
    /** Every message of one simulated session exercising each kind of server message, in order. */
    static final List<JsonNode> simulated = new ArrayList<>();

    @BeforeAll
    static void simulate() throws Exception {
        String setup = "{\"model\":\"" + GeminiClient.MODEL + "\",\"tools\":[{\"functionDeclarations\":[{\"name\":\"save_call_summary\","
                + "\"description\":\"Save the call summary\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"client_name\":"
                + "{\"type\":\"STRING\"}}}}]}],\"inputAudioTranscription\":{},\"outputAudioTranscription\":{},"
                + "\"sessionResumption\":{\"transparent\":true}}";
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).pace(Pace.REALTIME)
                .connectionLifetime(Duration.ofSeconds(60)).start();
             GeminiClient c = GeminiClient.connect(sim, "", null)) {
            c.send("{\"setup\":" + setup + "}");
            simulated.addAll(c.until("sessionResumptionUpdate", null));
            c.send("{\"realtimeInput\":{\"text\":\"Hello\"}}");
            simulated.addAll(c.turn());
            c.audio(GeminiWire.resample(SimAudio.speech(Duration.ofMillis(700)), 24000, 16000));
            c.audio(new byte[16 * 2 * 600]);
            simulated.addAll(c.turn());
            sim.enqueue(Reply.functionCall("save_call_summary", "{\"client_name\":\"Alexander\"}"));
            sim.enqueue(Reply.text("Thank you for calling, have a good day and goodbye."));
            c.text("Please save the call summary");
            simulated.addAll(c.until("toolCall", null));
            String id = simulated.getLast().at("/toolCall/functionCalls/0/id").asText();
            c.send("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + id + "\",\"name\":\"save_call_summary\","
                    + "\"response\":{\"result\":\"ok\"}}]}}");
            simulated.addAll(c.until("serverContent", "modelTurn"));
            c.audio(GeminiWire.resample(SimAudio.speech(Duration.ofMillis(300)), 24000, 16000));
            simulated.addAll(c.turn());
            sim.enqueue(Reply.functionCall("save_call_summary", "{\"client_name\":\"Alexander\"}"));
            c.audio(new byte[16 * 2 * 600]);
            simulated.addAll(c.until("toolCall", null));
            c.audio(GeminiWire.resample(SimAudio.speech(Duration.ofMillis(300)), 24000, 16000));
            simulated.addAll(c.turn());
            sim.sessions().getLast().inject(Fault.goAway(Duration.ofSeconds(50)));
            simulated.addAll(c.until("goAway", null));
        }
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
             GeminiClient c = GeminiClient.open(sim, "{\"model\":\"" + GeminiClient.MODEL + "\",\"generationConfig\":"
                     + "{\"responseModalities\":[\"TEXT\"]}}")) {
            c.text("Hi");
            simulated.addAll(c.turn());
        }
    }

    /** {@code serverContent.<fields>} (plus {@code +usageMetadata}), or the message's top-level key. */
    static String kind(JsonNode m) {
        if (m.has("serverContent")) {
            SortedSet<String> fields = new TreeSet<>();
            m.get("serverContent").fieldNames().forEachRemaining(fields::add);
            return "serverContent." + String.join(",", fields) + (m.has("usageMetadata") ? "+usageMetadata" : "");
        }
        return m.fieldNames().next();
    }

    /** Field paths without the free-form function arguments (the captured call's are its own). */
    static SortedSet<String> paths(JsonNode m) {
        SortedSet<String> out = new TreeSet<>(EventShape.fieldPaths(m));
        out.removeIf(p -> p.contains(".args."));
        return out;
    }

    /** The union of the field paths of the simulator's messages of each kind. */
    private static Map<String, SortedSet<String>> simulatedByKind() {
        Map<String, SortedSet<String>> out = new LinkedHashMap<>();
        for (JsonNode m : simulated) {
            out.computeIfAbsent(kind(m), k -> new TreeSet<>()).addAll(paths(m));
            if (m.has("usageMetadata")) {
                // A relay splits usageMetadata from its turnComplete (same millisecond); natively they share a frame.
                out.computeIfAbsent("usageMetadata", k -> new TreeSet<>()).addAll(paths(Json.obj().set("usageMetadata", m.get("usageMetadata"))));
                out.computeIfAbsent("serverContent.turnComplete", k -> new TreeSet<>()).addAll(paths(Json.obj().set("serverContent", m.get("serverContent"))));
            }
        }
        return out;
    }

    @Test
    void theRealCallsMessagesHaveExactlyTheSimulatorsFields() {
        Map<String, SortedSet<String>> sim = simulatedByKind();
        int compared = 0;
        for (CaptureLine l : CaptureLine.read(CALL)) {
            if (!l.server() || l.gap()) {
                continue;
            }
            SortedSet<String> mine = sim.get(kind(l.event()));
            assertThat(mine).as(l.where() + ": the simulator sends no " + kind(l.event())).isNotNull();
            assertThat(mine).as(l.where()).isEqualTo(paths(l.event()));
            compared++;
        }
        assertThat(compared).isGreaterThan(60);
    }

    @Test
    void documentationAndSdkFramesAreCoveredByTheSimulatorsFields() {
        Map<String, SortedSet<String>> sim = simulatedByKind();
        List<String> checked = new ArrayList<>();
        for (String file : List.of("gemini_docs_live_thinking_tool_flow.jsonl", "gemini_sdk_fixtures_python_genai_handwritten.jsonl")) {
            for (CaptureLine l : CaptureLine.read(file)) {
                SortedSet<String> mine = sim.get(kind(l.event()));
                boolean vertexOrThinking = l.event().toString().contains("sessionId") || l.event().toString().contains("interactionStatus");
                if (!l.server() || mine == null || vertexOrThinking) {
                    continue;
                }
                SortedSet<String> missing = new TreeSet<>(paths(l.event()));
                missing.removeAll(mine);
                // The SDK's hand-written transcription frames carry "finished"; the real call's 40 transcription frames never do.
                missing.removeIf(p -> p.endsWith("Transcription.finished"));
                assertThat(missing).as(l.where() + " fields the simulator lacks").isEmpty();
                checked.add(kind(l.event()));
            }
        }
        assertThat(checked).contains("setupComplete", "serverContent.modelTurn", "serverContent.turnComplete", "goAway",
                "sessionResumptionUpdate", "toolCall", "serverContent.inputTranscription", "serverContent.outputTranscription");
        JsonNode audio = simulated.stream().filter(m -> m.at("/serverContent/modelTurn/parts/0/inlineData").isObject()).findFirst()
                .orElseThrow().at("/serverContent/modelTurn/parts/0/inlineData");
        assertThat(audio.get("mimeType").asText()).as("as the docs' frame").isEqualTo("audio/pcm;rate=24000");
        JsonNode update = simulated.stream().filter(m -> m.has("sessionResumptionUpdate")).findFirst().orElseThrow();
        assertThat(update.at("/sessionResumptionUpdate/lastConsumedClientMessageIndex").isTextual()).as("int64 as a JSON string").isTrue();
    }

    @Test
    void turnsRunInTheCapturedOrder() {
        List<String> kinds = simulated.stream().map(GeminiCaptureConformanceTest::kind).toList();
        int firstInput = kinds.indexOf("serverContent.inputTranscription");
        assertThat(kinds.subList(firstInput, kinds.size())).containsSubsequence("serverContent.inputTranscription",
                "serverContent.modelTurn", "serverContent.outputTranscription", "serverContent.turnComplete+usageMetadata",
                "toolCall", "serverContent.modelTurn", "serverContent.interrupted", "serverContent.turnComplete+usageMetadata",
                "toolCall", "serverContent.interrupted", "toolCallCancellation", "serverContent.turnComplete+usageMetadata", "goAway");
        int call = kinds.indexOf("toolCall");
        assertThat(kinds.subList(call, kinds.indexOf("serverContent.interrupted"))).as("a tool round trip stays in its turn, as in the call")
                .doesNotContain("serverContent.turnComplete+usageMetadata");
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).equals("serverContent.interrupted")) {
                List<String> rest = kinds.subList(i, kinds.size());
                assertThat(rest.subList(0, rest.indexOf("serverContent.turnComplete+usageMetadata")))
                        .doesNotContain("serverContent.generationComplete");
            }
        }
    }

    @Test
    void unknownModelClosesLikeTheObservedCloseFrames() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            for (CaptureLine l : CaptureLine.read("gemini_live_observed_close_frames.jsonl")) {
                String reason = l.event().path("reason").asText();
                if (!reason.contains("is not found for API version")) {
                    continue;
                }
                String model = reason.substring(0, reason.indexOf(' '));
                GeminiClient c = GeminiClient.connectV1alpha(sim);
                c.send("{\"setup\":{\"model\":\"" + model + "\"}}");
                assertThat(c.closeCode()).as(l.where()).isEqualTo(l.event().path("code").asInt());
                assertThat(c.closeReason()).as(l.where()).isEqualTo(reason);
            }
        }
    }
}
