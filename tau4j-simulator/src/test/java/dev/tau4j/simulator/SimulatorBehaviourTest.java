package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;



import java.time.Duration;
import java.util.Base64;
import java.util.List;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimulatorBehaviourTest {
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.builder().requiredApiKey("sk-test").start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String append(byte[] pcm) {
        return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
    }

    @Test
    void serverVadDetectsSpeechCommitsAndResponds() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send(append(SimAudio.silence(Duration.ofMillis(1000))));
            c.send(append(SimAudio.speech(Duration.ofMillis(1200))));
            c.send(append(SimAudio.silence(Duration.ofMillis(500))));
            List<JsonNode> ev = c.until("response.done");
            assertThat(ev.stream().map(e -> e.path("type").asText()).toList().subList(0, 6)).containsExactly(
                    "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
                    "conversation.item.added", "conversation.item.done", "response.created");
            assertThat(ev.get(0).path("audio_start_ms").asInt()).as("speech at 1000 ms minus 300 ms padding").isBetween(700, 720);
            assertThat(ev.get(1).path("audio_end_ms").asInt()).isBetween(2200, 2500);
            assertThat(ev.get(0).path("item_id").asText()).isEqualTo(ev.get(2).path("item_id").asText());
            assertThat(ev.getLast().at("/response/output/0/content/0/transcript").asText()).startsWith("I heard");
        }
    }

    @Test
    void bargeInCancelsTheActiveResponseWithTurnDetected() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.enqueue(Reply.text("A very long answer that keeps going. ".repeat(200)));
            c.send("{\"type\":\"response.create\"}");
            c.until("response.output_audio.delta");
            c.send(append(SimAudio.speech(Duration.ofMillis(300))));
            List<JsonNode> ev = c.until("response.done");
            assertThat(ev).extracting(e -> e.path("type").asText()).contains("input_audio_buffer.speech_started");
            JsonNode done = ev.getLast().path("response");
            assertThat(done.path("status").asText()).isEqualTo("cancelled");
            assertThat(done.at("/status_details/reason").asText()).isEqualTo("turn_detected");
            assertThat(done.at("/output/0/status").asText()).isEqualTo("incomplete");
        }
    }

    @Test
    void atPlaybackPaceABargeInEndsTheResponseAtOnce() throws Exception {
        try (RealtimeSimulator paced = RealtimeSimulator.builder().pace(Pace.REALTIME).start();
             WsClient c = WsClient.open(paced)) {
            paced.enqueue(Reply.text("A very long answer that keeps going. ".repeat(20)));
            c.send("{\"type\":\"response.create\"}");
            c.until("response.output_audio.delta");
            c.send(append(SimAudio.speech(Duration.ofMillis(300))));
            // ~40 s of audio were planned; the cancelled response must close within the wait of until().
            JsonNode done = c.until("response.done").getLast().path("response");
            assertThat(done.path("status").asText()).isEqualTo("cancelled");
            assertThat(done.at("/status_details/reason").asText()).isEqualTo("turn_detected");
        }
    }

    @Test
    void inputTranscriptionStreamsDeltasAndCompletedWithUsage() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-mini-transcribe\"},\"turn_detection\":{\"type\":\"server_vad\",\"create_response\":false}}}}}");
            c.until("session.updated");
            c.send(append(SimAudio.speech(Duration.ofMillis(1200))));
            c.send(append(SimAudio.silence(Duration.ofMillis(400))));
            List<JsonNode> ev = c.until("conversation.item.input_audio_transcription.completed");
            assertThat(ev).extracting(e -> e.path("type").asText()).contains("conversation.item.input_audio_transcription.delta");
            JsonNode completed = ev.getLast();
            assertThat(completed.path("transcript").asText()).startsWith("(speech 1.");
            assertThat(completed.at("/usage/type").asText()).isEqualTo("tokens");
            assertThat(c.silentFor(200)).as("create_response false: no response").isTrue();
        }
    }

    @Test
    void functionCallFlowFillsArgumentsAndUsesTheOutput() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]},\"days\":{\"type\":\"integer\"}},\"required\":[\"city\",\"unit\",\"days\"]}}]}}");
            c.until("session.updated");
            c.send(SimulatorProtocolTest.userText("Please get weather in Paris"));
            c.until("conversation.item.done");
            c.send("{\"type\":\"response.create\"}");
            List<JsonNode> ev = c.until("response.done");
            assertThat(ev).extracting(e -> e.path("type").asText()).contains("response.function_call_arguments.delta");
            JsonNode argsDone = ev.stream().filter(e -> e.path("type").asText().equals("response.function_call_arguments.done")).findFirst().orElseThrow();
            assertThat(argsDone.path("name").asText()).isEqualTo("get_weather");
            assertThat(Json.parse(argsDone.path("arguments").asText()).toString()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"c\",\"days\":1}");
            String callId = argsDone.path("call_id").asText();
            assertThat(callId).startsWith("call_");
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"18C light rain\"}}");
            c.until("conversation.item.done");
            c.send("{\"type\":\"response.create\"}");
            assertThat(c.until("response.done").getLast().at("/response/output/0/content/0/transcript").asText()).isEqualTo("Done: 18C light rain");
        }
    }

    @Test
    void scriptedRepliesAndFailuresTakePrecedence() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.enqueue(Reply.failed("rate_limit_exceeded", "Rate limit reached."));
            c.send("{\"type\":\"response.create\"}");
            JsonNode done = c.until("response.done").getLast().path("response");
            assertThat(done.path("status").asText()).isEqualTo("failed");
            assertThat(done.at("/status_details/error/code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(done.at("/status_details/error/type").asText()).isEqualTo("tokens");
        }
    }

    @Test
    void defaultResponderFollowsSimpleInstructions() {
        DefaultResponder r = new DefaultResponder();
        SimItem user = new SimItem("item_1", "message", "user", "completed", "Good morning", 0, null, null, null, null, "{}");
        assertThat(r.respond(new ResponseContext("Repeat after the user.", List.of(user), "Good morning", List.of(), "auto", List.of("audio"), java.util.Map.of(), false)).text())
                .isEqualTo("Good morning");
        assertThat(r.respond(new ResponseContext("Translate everything into German.", List.of(user), "Good morning", List.of(), "auto", List.of("audio"), java.util.Map.of(), false)).text())
                .isEqualTo("[de] Good morning");
    }

    @Test
    void handshakeAuthAndModelErrorsSendErrorThenClose() throws Exception {
        assertFatal("?model=gpt-realtime", "Bearer wrong", false, 3000, "invalid_api_key");
        assertFatal("?model=gpt-realtime", null, false, 3000, null);
        assertFatal("?model=gpt-nope", "Bearer sk-test", false, 4000, "invalid_model");
        assertFatal("", "Bearer sk-test", false, 4000, "missing_model");
    }

    @Test
    void betaHeaderIsRejectedByDefaultLikeTheLiveService() throws Exception {
        try (RealtimeSimulator plain = RealtimeSimulator.start();
                WsClient c = WsClient.connect(plain, "?model=gpt-realtime", null, true)) {
            JsonNode e = c.next();
            assertThat(e.at("/error/code").asText()).isEqualTo("beta_api_shape_disabled");
            assertThat(e.at("/error/message").asText())
                    .isEqualTo("The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.");
            assertThat(c.closeCode()).isEqualTo(4000);
            assertThat(c.closeReason).isEqualTo("invalid_request_error.beta_api_shape_disabled");
        }
    }

    @Test
    void betaShapeIsServedWithBetaEventNamesWhenAsked() throws Exception {
        try (RealtimeSimulator serving = RealtimeSimulator.builder().betaShape(BetaShape.SERVE).start();
                WsClient c = WsClient.connect(serving, "?model=gpt-4o-realtime-preview", "Bearer sk-test", true)) {
            JsonNode created = c.next();
            assertThat(created.at("/session/modalities").toString()).isEqualTo("[\"audio\",\"text\"]");
            assertThat(created.at("/session/input_audio_format").asText()).isEqualTo("pcm16");
            c.send("{\"type\":\"session.update\",\"session\":{\"voice\":\"sage\",\"modalities\":[\"audio\",\"text\"]}}");
            assertThat(c.next().at("/session/voice").asText()).isEqualTo("sage");
            c.send(SimulatorProtocolTest.userText("hi"));
            assertThat(c.next().path("type").asText()).isEqualTo("conversation.item.created");
            c.send("{\"type\":\"response.create\"}");
            List<String> types = c.typesUntil("response.done");
            assertThat(types).contains("response.audio.delta", "response.audio_transcript.delta", "conversation.item.created")
                    .doesNotContain("response.output_audio.delta", "conversation.item.done");
        }
    }

    @Test
    void sessionExpiresWithSessionExpiredThenClose1001() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.sessions().getLast().inject(Fault.expireAfter(Duration.ofMillis(100)));
            JsonNode e = c.next();
            assertThat(e.at("/error/code").asText()).isEqualTo("session_expired");
            assertThat(e.at("/error/message").asText()).isEqualTo("Your session hit the maximum duration of 60 minutes.");
            assertThat(c.closeCode()).isEqualTo(1001);
        }
    }

    @Test
    void recorderAndSessionsExposeClientEvents() throws Exception {
        try (RealtimeSimulator own = RealtimeSimulator.start(); WsClient c = WsClient.open(own)) {
            SimulatedSession s = own.awaitSession(Duration.ofSeconds(5));
            assertThat(s).isNotNull();
            assertThat(s.model()).isEqualTo("gpt-realtime");
            c.send(SimulatorProtocolTest.userText("hello"));
            RecordedEvent r = own.takeClientEvent(Duration.ofSeconds(5));
            assertThat(r.type()).isEqualTo("conversation.item.create");
            assertThat(r.sessionId()).isEqualTo(s.id());
            c.until("conversation.item.done");
            assertThat(s.conversation()).extracting(SimItem::text).containsExactly("hello");
            assertThat(s.configJson()).contains("\"type\":\"realtime\"");
            assertThat(own.awaitSession(Duration.ofMillis(50))).isNull();
        }
    }

    private void assertFatal(String query, String auth, boolean beta, int code, String errorCode) throws Exception {
        try (WsClient c = WsClient.connect(sim, query, auth, beta)) {
            JsonNode e = c.next();
            assertThat(e.path("type").asText()).isEqualTo("error");
            if (errorCode == null) {
                assertThat(e.at("/error/code").isNull()).isTrue();
                assertThat(e.at("/error/message").asText()).isEqualTo("Missing bearer or basic authentication in header");
            } else {
                assertThat(e.at("/error/code").asText()).isEqualTo(errorCode);
            }
            assertThat(c.closeCode()).isEqualTo(code);
            assertThat(c.closeReason).isEqualTo(errorCode == null ? "invalid_request_error" : "invalid_request_error." + errorCode);
        }
    }
}
