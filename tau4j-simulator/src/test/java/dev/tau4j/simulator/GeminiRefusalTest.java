package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the simulated Gemini Live service refuses, and how: close frames only, with the live codes and wording. */
@Timeout(30)
class GeminiRefusalTest {
    static final String SETUP = "{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\"}}";
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).requiredApiKey("AIza-good").start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static GeminiClient refused(String query, String key, String... messages) throws Exception {
        GeminiClient c = GeminiClient.connect(sim, query, key);
        for (String m : messages) {
            c.send(m);
        }
        c.closeCode();
        assertThat(c.ws.frames).as("no JSON error message, only the close frame").isEmpty();
        return c;
    }

    @Test
    void theKeyIsTakenFromTheHeaderOrTheKeyParameter() throws Exception {
        try (GeminiClient header = GeminiClient.connect(sim, "", "AIza-good");
             GeminiClient query = GeminiClient.connect(sim, "?key=AIza-good", null)) {
            header.send(SETUP);
            query.send(SETUP);
            assertThat(header.next().has("setupComplete")).isTrue();
            assertThat(query.next().has("setupComplete")).isTrue();
        }
    }

    @Test
    void aBadKeyIsClosedWith1008AndTheLiveWording() throws Exception {
        GeminiClient c = refused("?key=AIza-bad", null, SETUP);
        assertThat(c.closeCode()).isEqualTo(1008);
        assertThat(c.closeReason()).isEqualTo("API key not valid. Please pass a valid API key.");
        GeminiClient none = refused("", null, SETUP);
        assertThat(none.closeCode()).isEqualTo(1008);
        assertThat(none.closeReason()).startsWith("Method doesn't allow unregistered callers");
    }

    @Test
    void anUnknownModelIsClosedWith1008AndTheLiveReasonCutAt123Bytes() throws Exception {
        GeminiClient c = refused("", "AIza-good", "{\"setup\":{\"model\":\"models/gemini-2.5-pro\"}}");
        assertThat(c.closeCode()).isEqualTo(1008);
        assertThat(c.closeReason()).startsWith("models/gemini-2.5-pro is not found for API version v1beta, or is not supported for"
                + " bidiGenerateContent. Call");
        assertThat(c.closeReason().getBytes(StandardCharsets.UTF_8)).hasSize(123);
    }

    @Test
    void anythingButSetupFirstIsClosedWith1007() throws Exception {
        GeminiClient c = refused("", "AIza-good", "{\"clientContent\":{\"turns\":[],\"turnComplete\":true}}");
        assertThat(c.closeCode()).isEqualTo(1007);
        assertThat(c.closeReason()).contains("first message must be setup");
        assertThat(sim.sessions().getLast().clientEvents().getFirst().type()).isEqualTo("clientContent");
    }

    @Test
    void malformedMessagesAreClosedWith1007() throws Exception {
        assertThat(refused("", "AIza-good", "not json").closeCode()).isEqualTo(1007);
        GeminiClient unknown = refused("", "AIza-good", "{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\",\"voice\":\"Kore\"}}");
        assertThat(unknown.closeCode()).isEqualTo(1007);
        assertThat(unknown.closeReason()).isEqualTo("Invalid JSON payload received. Unknown name \"voice\" at 'setup': Cannot find field.");
        GeminiClient two = refused("", "AIza-good", SETUP.replace("}}", "},\"toolResponse\":{}}"));
        assertThat(two.closeCode()).isEqualTo(1007);
        GeminiClient voice = refused("", "AIza-good", "{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\",\"generationConfig\":"
                + "{\"speechConfig\":{\"voiceConfig\":{\"prebuiltVoiceConfig\":{\"voiceName\":\"alloy\"}}}}}}");
        assertThat(voice.closeCode()).isEqualTo(1007);
        GeminiClient both = refused("", "AIza-good", "{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\",\"generationConfig\":"
                + "{\"responseModalities\":[\"AUDIO\",\"TEXT\"]}}}");
        assertThat(both.closeCode()).isEqualTo(1007);
    }

    @Test
    void aSecondSetupAndBadAudioAreClosedWith1007() throws Exception {
        for (String second : new String[] {SETUP, "{\"realtimeInput\":{\"audio\":{\"data\":\"***\",\"mimeType\":\"audio/pcm;rate=16000\"}}}",
                "{\"realtimeInput\":{\"audio\":{\"data\":\"AAAA\",\"mimeType\":\"audio/mpeg\"}}}"}) {
            try (GeminiClient c = GeminiClient.connect(sim, "", "AIza-good")) {
                c.send(SETUP);
                assertThat(c.next().has("setupComplete")).isTrue();
                c.send(second);
                assertThat(c.closeCode()).isEqualTo(1007);
            }
        }
    }

    @Test
    void snakeCaseKeysAreAcceptedAsTheOfficialSdkSendsThem() throws Exception {
        try (GeminiClient c = GeminiClient.connect(sim, "", "AIza-good")) {
            c.send("{\"setup\":{\"model\":\"" + GeminiClient.MODEL + "\",\"output_audio_transcription\":{},"
                    + "\"system_instruction\":{\"parts\":[{\"text\":\"Repeat after the user.\"}]}}}");
            assertThat(c.next().has("setupComplete")).isTrue();
            c.send("{\"realtime_input\":{\"text\":\"snake case\"}}");
            assertThat(GeminiToolsTest.TurnText.of(c.turn())).isEqualTo("snake case");
        }
    }

    @Test
    void aBinaryClientFrameIsClosedWith1007() throws Exception {
        try (GeminiClient c = GeminiClient.connect(sim, "", "AIza-good")) {
            c.ws.sendBinary(SETUP.getBytes(StandardCharsets.UTF_8));
            assertThat(c.closeCode()).isEqualTo(1007);
        }
    }
}
