package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gemini Live tool calls and interruptions over a real socket. */
@Timeout(30)
class GeminiToolsTest {
    static final String WEATHER_SETUP = "{\"model\":\"" + GeminiClient.MODEL + "\",\"tools\":[{\"functionDeclarations\":[{"
            + "\"name\":\"get_weather\",\"description\":\"Current weather for a city\",\"parameters\":{\"type\":\"OBJECT\","
            + "\"properties\":{\"city\":{\"type\":\"STRING\"}},\"required\":[\"city\"]}}]}],"
            + "\"outputAudioTranscription\":{},\"sessionResumption\":{}}";

    private static List<String> keys(List<JsonNode> messages) {
        return messages.stream().map(m -> m.fieldNames().next() + (m.has("serverContent")
                ? "." + m.get("serverContent").fieldNames().next() : "")).toList();
    }

    @Test
    void aToolCallRoundTripContinuesTheTurnAndEndsItOnce() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
             GeminiClient c = GeminiClient.open(sim, WEATHER_SETUP)) {
            assertThat(c.next().at("/sessionResumptionUpdate/resumable").asBoolean()).isTrue();
            c.text("What is the weather in Paris?");
            List<JsonNode> toCall = c.until("toolCall", null);
            assertThat(toCall.getFirst().toString()).as("no handle while generating")
                    .isEqualTo("{\"sessionResumptionUpdate\":{\"newHandle\":\"\",\"resumable\":false}}");
            JsonNode call = toCall.getLast().at("/toolCall/functionCalls/0");
            assertThat(call.get("id").asText()).matches("function-call-\\d{19}");
            assertThat(call.get("name").asText()).isEqualTo("get_weather");
            assertThat(call.get("args").toString()).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(keys(toCall)).doesNotContain("serverContent.turnComplete", "serverContent.generationComplete");

            c.send("{\"tool_response\":{\"functionResponses\":[{\"id\":\"" + call.get("id").asText()
                    + "\",\"name\":\"get_weather\",\"response\":{\"output\":{\"temp_c\":18}}}]}}");
            List<JsonNode> rest = c.turn();
            assertThat(TurnText.of(rest)).isEqualTo("Done: {\"output\":{\"temp_c\":18}}");
            assertThat(keys(rest)).containsSubsequence("serverContent.modelTurn", "serverContent.generationComplete",
                    "serverContent.turnComplete").doesNotContain("sessionResumptionUpdate");
            JsonNode after = c.next();
            assertThat(after.at("/sessionResumptionUpdate/resumable").asBoolean()).isTrue();
            assertThat(after.at("/sessionResumptionUpdate/newHandle").asText()).startsWith("CiQ");
            assertThat(sim.sessions().getLast().conversation()).extracting(SimItem::type)
                    .containsExactly("message", "function_call", "function_call_output", "message");
        }
    }

    @Test
    void aToolResponseWithoutIdOrWithAnUnknownIdClosesWith1007() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            for (String response : List.of("{\"name\":\"get_weather\",\"response\":{}}", "{\"id\":\"function-call-1\",\"response\":{}}")) {
                try (GeminiClient c = GeminiClient.open(sim, WEATHER_SETUP)) {
                    c.send("{\"toolResponse\":{\"functionResponses\":[" + response + "]}}");
                    assertThat(c.closeCode()).isEqualTo(1007);
                    assertThat(c.closeReason()).contains("id");
                }
            }
        }
    }

    @Test
    void speechWhileACallIsPendingCancelsItAndEndsTheTurn() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
             GeminiClient c = GeminiClient.open(sim, WEATHER_SETUP)) {
            c.next();
            c.text("What is the weather in Paris?");
            String id = c.until("toolCall", null).getLast().at("/toolCall/functionCalls/0/id").asText();
            c.audio(GeminiWire.resample(SimAudio.speech(Duration.ofMillis(600)), 24000, 16000));
            List<JsonNode> interrupted = c.turn();
            assertThat(keys(interrupted)).containsExactly("serverContent.interrupted", "toolCallCancellation", "serverContent.turnComplete");
            assertThat(interrupted.get(1).at("/toolCallCancellation/ids").toString()).isEqualTo("[\"" + id + "\"]");
            assertThat(interrupted.getLast().has("usageMetadata")).isTrue();
            assertThat(c.next().at("/sessionResumptionUpdate/resumable").asBoolean()).isTrue();

            c.send("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"" + id + "\",\"response\":{\"output\":\"late\"}}]}}");
            c.audio(new byte[16 * 2 * 800]);
            List<JsonNode> next = c.turn();
            assertThat(TurnText.of(next)).as("the late response to a cancelled call is ignored").doesNotContain("late");
        }
    }

    @Test
    void bargeInInterruptsTheStreamingAnswerWithoutGenerationComplete() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).pace(Pace.REALTIME).start();
             GeminiClient c = GeminiClient.open(sim, GeminiTurnTest.AUDIO_SETUP)) {
            sim.enqueue(Reply.text("This is a long answer that takes several seconds to speak out loud to the caller."));
            c.text("Tell me a story");
            c.until("serverContent", "modelTurn");
            c.audio(GeminiWire.resample(SimAudio.speech(Duration.ofMillis(400)), 24000, 16000));
            List<JsonNode> rest = c.turn();
            assertThat(keys(rest)).contains("serverContent.interrupted").doesNotContain("serverContent.generationComplete");
            assertThat(keys(rest).indexOf("serverContent.interrupted")).isEqualTo(rest.size() - 2);
            assertThat(rest.getLast().at("/usageMetadata/responseTokenCount").asInt()).isPositive();
            c.audio(new byte[16 * 2 * 800]);
            assertThat(TurnText.of(c.turn())).startsWith("You said: (speech");
        }
    }

    @Test
    void aClientTurnDuringGenerationInterruptsItAndIsAnsweredNext() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).pace(Pace.REALTIME).start();
             GeminiClient c = GeminiClient.open(sim, GeminiTurnTest.AUDIO_SETUP)) {
            sim.enqueue(Reply.text("This is a long answer that takes several seconds to speak out loud to the caller."));
            c.text("Tell me a story");
            c.until("serverContent", "modelTurn");
            c.text("Stop");
            List<JsonNode> first = c.turn();
            assertThat(keys(first)).contains("serverContent.interrupted");
            assertThat(TurnText.of(c.turn())).isEqualTo("You said: Stop");
        }
    }

    @Test
    void withManualActivityTheClientMarksTheTurnAndActivityStartInterrupts() throws Exception {
        String setup = "{\"model\":\"" + GeminiClient.MODEL + "\",\"realtimeInputConfig\":{\"automaticActivityDetection\":"
                + "{\"disabled\":true}},\"outputAudioTranscription\":{}}";
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).pace(Pace.REALTIME).start();
             GeminiClient c = GeminiClient.open(sim, setup)) {
            c.send("{\"realtimeInput\":{\"activityStart\":{}}}");
            c.audio(new byte[16 * 2 * 700]);
            assertThat(c.ws.silentFor(200)).as("silence alone is no turn end without automatic detection").isTrue();
            sim.enqueue(Reply.text("This is a long answer that takes several seconds to speak out loud to the caller."));
            c.send("{\"realtimeInput\":{\"activityEnd\":{}}}");
            c.until("serverContent", "modelTurn");
            c.send("{\"realtimeInput\":{\"activityStart\":{}}}");
            assertThat(keys(c.turn())).contains("serverContent.interrupted");
            c.audio(new byte[16 * 2 * 300]);
            c.send("{\"realtimeInput\":{\"activityEnd\":{}}}");
            assertThat(TurnText.of(c.turn())).isEqualTo("I heard 0.3 seconds of audio.");
        }
    }

    @Test
    void activitySignalsAreRefusedWhileAutomaticDetectionIsOn() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
             GeminiClient c = GeminiClient.open(sim, GeminiTurnTest.AUDIO_SETUP)) {
            c.send("{\"realtimeInput\":{\"activityStart\":{}}}");
            assertThat(c.closeCode()).isEqualTo(1007);
            assertThat(c.closeReason()).contains("automatic activity detection");
        }
    }

    /** The spoken (or written) answer of a turn's messages. */
    static final class TurnText {
        static String of(List<JsonNode> messages) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode m : messages) {
                sb.append(m.at("/serverContent/outputTranscription/text").asText(""));
                m.at("/serverContent/modelTurn/parts").forEach(p -> sb.append(p.path("text").asText("")));
            }
            return sb.toString();
        }
    }
}
