package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance of whole sessions: each OpenAI GA capture that is a sequence is replayed against the
 * simulator by {@link CaptureReplay}. Differences that remain are listed in the module README
 * ("Known differences from the real service").
 */
@Timeout(30)
class SessionCaptureConformanceTest {
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.builder().requiredApiKey("sk-test").betaShape(BetaShape.REJECT).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static byte[] pcm(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] speech(long ms) {
        return SimAudio.speech(Duration.ofMillis(ms));
    }

    static byte[] silence(long ms) {
        return SimAudio.silence(Duration.ofMillis(ms));
    }

    @Test
    void audioSessionWithServerVadAnswersTwoTurnsLikeTheSipGatewayCapture() throws Exception {
        // Speech at 1.2–3.7 s (turn 1) and after the first response (turn 2), as the captured audio_start/end_ms suggest.
        new CaptureReplay(sim, CaptureLine.read("openai_ga_audio_session_server_vad_sip_gateway.jsonl"))
                .audio(4, pcm(silence(1500), speech(2300), silence(600)))
                .audioBefore(20, pcm(silence(500), speech(2700), silence(600)))
                .run();
    }

    @Test
    void textSessionWithNonFatalErrorsAnswersLikeProbe8() throws Exception {
        new CaptureReplay(sim, CaptureLine.read("openai_ga_text_session_nonfatal_errors_llmgw_probe8.jsonl"))
                .query("?model=gpt-realtime-mini")
                .gapSpansExchange(34)
                .run();
    }

    @Test
    void transcriptionSessionAnswersLikeProbe7() throws Exception {
        List<CaptureLine> lines = CaptureLine.read("openai_ga_transcription_session_llmgw_probe7.jsonl");
        CaptureReplay replay = new CaptureReplay(sim, lines).query("?intent=transcription");
        // The probe read a recorded sentence: speech from the first frame to the manual commit, no speech_stopped.
        lines.stream().filter(l -> "input_audio_buffer.append".equals(l.type())).forEach(l -> replay.audio(l.line(), speech(100)));
        replay.run();
    }

    @Test
    void idleSessionStaysUsableLikeProbe9ButWithoutPings() throws Exception {
        CaptureReplay replay = new CaptureReplay(sim, CaptureLine.read("openai_ga_idle_keepalive_pings_llmgw_probe9.jsonl"))
                .replace(6, "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}")
                .run();
        // The simulator sends no WebSocket pings (README, known differences); the capture's pings are not replayed.
        assertThat(replay.skipped()).extracting(CaptureLine::line).containsExactly(3, 4, 5);
    }

    @Test
    void fatalConnectErrorsSendTheErrorThenCloseLikeTheCapture() throws Exception {
        List<CaptureLine> lines = CaptureLine.read("openai_ga_fatal_connect_errors_llmgw.jsonl");
        Set<String> sessions = lines.stream().map(CaptureLine::session).collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(sessions).containsExactly("probe10_bad_bearer", "probe10b_no_authorization", "probe11_unknown_model",
                "probe11b_missing_model", "beta_header_on_ga_endpoint");
        for (String s : sessions) {
            CaptureReplay replay = new CaptureReplay(sim, lines.stream().filter(l -> s.equals(l.session())).toList());
            switch (s) {
                case "probe10_bad_bearer" -> replay.auth("Bearer sk-proj-wrongKEY0000AAAA");
                case "probe10b_no_authorization" -> replay.auth(null);
                case "probe11_unknown_model" -> replay.query("?model=gpt-nope");
                case "probe11b_missing_model" -> replay.query("");
                default -> replay.beta();
            }
            replay.run();
        }
    }
}
