package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gemini Live turns over a real socket: text, audio with server VAD, usage. */
@Timeout(30)
class GeminiTurnTest {
    static final String AUDIO_SETUP = "{\"model\":\"" + GeminiClient.MODEL + "\",\"generationConfig\":{\"responseModalities\":[\"AUDIO\"],"
            + "\"speechConfig\":{\"voiceConfig\":{\"prebuiltVoiceConfig\":{\"voiceName\":\"Kore\"}}}},"
            + "\"systemInstruction\":{\"parts\":[{\"text\":\"You are a concise phone assistant.\"}]},"
            + "\"inputAudioTranscription\":{},\"outputAudioTranscription\":{}}";
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String text(List<JsonNode> messages, String field) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode m : messages) {
            sb.append(m.path("serverContent").path(field).path("text").asText(""));
        }
        return sb.toString();
    }

    static int audioBytes(List<JsonNode> messages) {
        int n = 0;
        for (JsonNode m : messages) {
            for (JsonNode p : m.path("serverContent").path("modelTurn").path("parts")) {
                if (p.has("inlineData")) {
                    assertThat(p.at("/inlineData/mimeType").asText()).isEqualTo("audio/pcm;rate=24000");
                    n += Base64.getDecoder().decode(p.at("/inlineData/data").asText()).length;
                }
            }
        }
        return n;
    }

    @Test
    void servesTheGeminiPathsAndAnswersSetupWithSetupComplete() throws Exception {
        assertThat(sim.url().getPath()).isEqualTo("/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent");
        try (GeminiClient c = GeminiClient.connect(sim, "", null)) {
            c.send("{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\"}}");
            assertThat(c.ws.nextRaw()).isEqualTo("{\"setupComplete\":{}}");
        }
        try (GeminiClient alpha = GeminiClient.connectV1alpha(sim)) {
            alpha.send("{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\"}}");
            assertThat(alpha.next().has("setupComplete")).isTrue();
        }
        // What @google/genai 3 connects to: API version v1, after a base URL ending with a slash.
        WsClient sdk = new WsClient();
        sdk.ws = WsClient.HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + sim.port()
                + "//ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent?key=k"), sdk).get(5, TimeUnit.SECONDS);
        sdk.send("{\"setup\":{\"model\":\"models/gemini-1.0-pro\"}}");
        assertThat(sdk.closeCode()).isEqualTo(1008);
        assertThat(sdk.closeReason).as("the version of the path").contains("for API version v1,");
    }

    @Test
    void aTextTurnStreamsAudioAndItsTranscriptThenGenerationCompleteThenTurnCompleteWithUsage() throws Exception {
        try (GeminiClient c = GeminiClient.open(sim, AUDIO_SETUP)) {
            c.text("Hello there");
            List<JsonNode> turn = c.turn();
            assertThat(audioBytes(turn)).isPositive();
            assertThat(text(turn, "outputTranscription")).isEqualTo("You said: Hello there");
            JsonNode generationComplete = turn.get(turn.size() - 2);
            assertThat(generationComplete.toString()).isEqualTo("{\"serverContent\":{\"generationComplete\":true}}");
            JsonNode last = turn.getLast();
            assertThat(last.at("/serverContent/turnComplete").asBoolean()).isTrue();
            JsonNode usage = last.get("usageMetadata");
            int audioOut = audioBytes(turn) / 48 * 32 / 1000;
            assertThat(usage.get("responseTokenCount").asInt()).isEqualTo(audioOut);
            assertThat(usage.at("/responseTokensDetails/0/modality").asText()).isEqualTo("AUDIO");
            assertThat(usage.get("totalTokenCount").asInt())
                    .isEqualTo(usage.get("promptTokenCount").asInt() + usage.get("responseTokenCount").asInt());
            assertThat(usage.at("/promptTokensDetails/0/modality").asText()).isEqualTo("TEXT");
            for (JsonNode m : turn) {
                assertThat(m.size()).as("one message kind per frame, usage only beside turnComplete: " + m)
                        .isEqualTo(m.has("usageMetadata") ? 2 : 1);
            }

            c.text("Again");
            JsonNode second = c.turn().getLast().get("usageMetadata");
            assertThat(second.get("promptTokenCount").asInt()).as("the whole context is re-read every turn")
                    .isGreaterThan(usage.get("promptTokenCount").asInt() + audioOut);
            assertThat(second.at("/promptTokensDetails/1/modality").asText()).isEqualTo("AUDIO");
            assertThat(second.at("/promptTokensDetails/1/tokenCount").asInt()).isEqualTo(audioOut);
        }
    }

    @Test
    void aTextModalitySessionAnswersInTextParts() throws Exception {
        try (GeminiClient c = GeminiClient.open(sim, "{\"model\":\"" + GeminiClient.MODEL + "\",\"generation_config\":"
                + "{\"response_modalities\":[\"TEXT\"]}}")) {
            c.send("{\"client_content\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Ping\"}]}],\"turn_complete\":true}}");
            List<JsonNode> turn = c.turn();
            StringBuilder text = new StringBuilder();
            for (JsonNode m : turn) {
                m.at("/serverContent/modelTurn/parts").forEach(p -> text.append(p.path("text").asText()));
            }
            assertThat(text).hasToString("You said: Ping");
            assertThat(turn.getLast().at("/usageMetadata/responseTokensDetails/0/modality").asText()).isEqualTo("TEXT");
        }
    }

    @Test
    void turnsWithoutTurnCompleteAccumulateUntilOneCompletesThem() throws Exception {
        try (GeminiClient c = GeminiClient.open(sim, AUDIO_SETUP)) {
            c.send("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"first\"}]},"
                    + "{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]}]}}");
            assertThat(c.ws.silentFor(200)).isTrue();
            c.send("{\"realtimeInput\":{\"text\":\"second\"}}");
            assertThat(text(c.turn(), "outputTranscription")).isEqualTo("You said: second");
            SimulatedSession s = sim.sessions().getLast();
            assertThat(s.conversation()).extracting(SimItem::text).startsWith("first", "ok", "second");
            assertThat(s.model()).isEqualTo("gemini-2.5-flash-native-audio-preview-09-2025");
        }
    }

    @Test
    void anAudioTurnIsDetectedByServerVadTranscribedAndAnswered() throws Exception {
        try (GeminiClient c = GeminiClient.open(sim, AUDIO_SETUP)) {
            byte[] speech = GeminiWire.resample(SimAudio.speech(Duration.ofMillis(1200)), 24000, 16000);
            c.audio(speech);
            c.audio(new byte[16 * 2 * 800]);
            List<JsonNode> turn = c.turn();
            assertThat(text(turn, "inputTranscription")).startsWith("(speech 1.");
            assertThat(turn.indexOf(turn.stream().filter(m -> m.at("/serverContent/inputTranscription").isObject()).findFirst().orElseThrow()))
                    .as("the input transcription comes before the model's audio")
                    .isLessThan(turn.indexOf(turn.stream().filter(m -> m.at("/serverContent/modelTurn").isObject()).findFirst().orElseThrow()));
            assertThat(text(turn, "outputTranscription")).isEqualTo("You said: " + text(turn, "inputTranscription"));
            JsonNode usage = turn.getLast().get("usageMetadata");
            long userMs = sim.sessions().getLast().conversation().getFirst().audioMs();
            assertThat(userMs).isBetween(1100L, 1800L);
            assertThat(usage.at("/promptTokensDetails/1/tokenCount").asLong()).isEqualTo(userMs * 32 / 1000);
        }
    }

    @Test
    void audioAtAnotherRateIsResampledTo16kHz() throws Exception {
        try (GeminiClient c = GeminiClient.open(sim, AUDIO_SETUP)) {
            byte[] speech = SimAudio.speech(Duration.ofMillis(1000));
            byte[] silence = SimAudio.silence(Duration.ofMillis(800));
            for (byte[] pcm : new byte[][] {speech, silence}) {
                // URL-safe base64 is valid proto-JSON for bytes.
                c.send("{\"realtimeInput\":{\"audio\":{\"data\":\"" + Base64.getUrlEncoder().encodeToString(pcm)
                        + "\",\"mimeType\":\"audio/pcm;rate=24000\"}}}");
            }
            c.turn();
            SimulatedSession s = sim.sessions().getLast();
            assertThat(s.inputAudio()).hasSize((speech.length + silence.length) * 2 / 3);
        }
    }

    @Test
    void audioStreamEndEndsTheSpeechInProgress() throws Exception {
        try (GeminiClient c = GeminiClient.open(sim, AUDIO_SETUP)) {
            c.audio(GeminiWire.resample(SimAudio.speech(Duration.ofMillis(800)), 24000, 16000));
            assertThat(c.ws.silentFor(300)).as("speech without silence after it does not end the turn").isTrue();
            c.send("{\"realtimeInput\":{\"audioStreamEnd\":true}}");
            assertThat(text(c.turn(), "outputTranscription")).startsWith("You said: (speech ");
        }
    }
}
