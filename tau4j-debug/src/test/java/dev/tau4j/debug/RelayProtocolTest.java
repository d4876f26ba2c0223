package dev.tau4j.debug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.Provider;
import dev.tau4j.Response;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.TurnDetection;
import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimDialect;
import dev.tau4j.simulator.SimulatedSession;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions of tau4j-core streaming to a real debug server, and a UI talking back, over real sockets. */
@Timeout(60)
class RelayProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "sk-proj-DEBUG-SECRET-4b1d";

    private RealtimeSimulator sim;
    private DebugServer debug;
    @BeforeEach
    void start() {
        sim = RealtimeSimulator.start();
        debug = DebugServer.start();
    }

    @AfterEach
    void stop() {
        debug.close();
        sim.close();
    }

    private TauOptions.Builder options(String name) {
        return TauOptions.builder().endpoint(sim.url()).apiKey(KEY).name(name).debug(true).debugUrl(debug.sessionUrl());
    }

    private Session connect(String name) {
        return Tau.createSession(SessionOptions.DEFAULTS, options(name).build());
    }

    @Test
    void aGeminiSessionAnnouncesItsProviderAndStreamsItsRawGeminiFrames() throws Exception {
        try (RealtimeSimulator gemini = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
                UiClient ui = UiClient.connect(debug)) {
            ui.await("tau.ready", WAIT);
            TauOptions options = TauOptions.builder().provider(Provider.GEMINI.withEndpoint(gemini.url())).apiKey(KEY)
                    .name("gem").debug(true).debugUrl(debug.sessionUrl()).build();
            try (Session session = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                    options)) {
                JsonNode hello = ui.await("tau.hello", WAIT);
                String sid = hello.path("sid").asText();
                assertThat(hello.path("provider").asText()).isEqualTo("gemini");
                assertThat(ui.await(raw(sid, "client", "setup"), WAIT).at("/event/setup/model").asText())
                        .startsWith("models/gemini");
                ui.await(raw(sid, "server", "setupComplete"), WAIT);
                session.user("Hello there");
                Response r = session.response();
                assertThat(r.transcript()).isNotEmpty();
                ui.await(raw(sid, "server", "serverContent"), WAIT);
            }
        }
    }

    /** A Gemini frame as it crossed the wire: no type, its one top-level key names it. */
    private static Predicate<JsonNode> raw(String sid, String dir, String key) {
        return m -> "tau.event".equals(m.path("type").asText()) && sid.equals(m.path("sid").asText())
                && dir.equals(m.path("dir").asText()) && m.path("event").has(key);
    }

    @Test
    void aSessionAnnouncesItselfThenStreamsFramesStatesAndResponsesWithCost() throws Exception {
        try (UiClient ui = UiClient.connect(debug)) {
            ui.await("tau.ready", WAIT);
            try (Session session = connect("alpha")) {
                JsonNode hello = ui.await("tau.hello", WAIT);
                String sid = hello.path("sid").asText();
                assertThat(hello.path("name").asText()).isEqualTo("alpha");
                assertThat(hello.path("model").asText()).isEqualTo("gpt-realtime");
                assertThat(hello.path("protocol").asInt()).isEqualTo(2);
                // The relay attaches before the session connects: the opening events follow the announce.
                assertThat(hello.path("state").asText()).isEqualTo("CONNECTING");
                assertThat(hello.path("session").isNull()).isTrue();
                JsonNode created = ui.await(UiClient.event(sid, "server", "session.created"), WAIT);
                assertThat(created.path("event").path("session").path("id").asText()).startsWith("sess_");

                session.user("Hello there");
                Response response = session.response();
                JsonNode create = ui.await(UiClient.event(sid, "client", "conversation.item.create"), WAIT);
                assertThat(create.path("event").path("item").path("content").get(0).path("text").asText()).isEqualTo("Hello there");
                JsonNode delta = ui.await(UiClient.event(sid, "server", "response.output_audio.delta"), WAIT);
                assertThat(Base64.getDecoder().decode(delta.path("event").path("delta").asText())).isNotEmpty();
                JsonNode done = ui.await("tau.response", WAIT);
                assertThat(done.path("sid").asText()).isEqualTo(sid);
                assertThat(done.path("response").path("id").asText()).isEqualTo(response.id());
                assertThat(done.path("response").path("transcript").asText()).isEqualTo(response.transcript());
                assertThat(done.path("response").path("cost").path("total_usd").asDouble())
                        .isEqualTo(response.costEstimate().totalUsd().doubleValue()).isPositive();
                assertThat(done.path("totals").path("responses").asInt()).isEqualTo(1);
                assertThat(done.path("totals").path("usage").path("output_tokens").asLong()).isEqualTo(response.usage().outputTokens());
            }
            JsonNode closed = ui.await(m -> "tau.state".equals(m.path("type").asText())
                    && "CLOSED".equals(m.path("current").asText()), WAIT);
            assertThat(closed.path("current").asText()).isEqualTo("CLOSED");
            ui.await("tau.ended", WAIT);
        }
    }

    @Test
    void aReconnectingSessionMarksItOnTheTimelineAndKeepsStreaming() throws Exception {
        try (UiClient ui = UiClient.connect(debug)) {
            ui.await("tau.ready", WAIT);
            try (Session session = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                    options("phoenix").resilience(Resilience.DEFAULT.withReconnect(ReconnectPolicy.builder()
                            .initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20)).build())).build())) {
                String sid = ui.await("tau.hello", WAIT).path("sid").asText();
                session.user("Hello there");
                sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
                Response response = session.response();
                for (String state : new String[] {"RECONNECTING", "RECOVERED", "OPEN"}) {
                    ui.await(m -> "tau.state".equals(m.path("type").asText()) && sid.equals(m.path("sid").asText())
                            && state.equals(m.path("current").asText()), WAIT);
                }
                // The re-requested response may finish before the OPEN state is relayed: look among all.
                JsonNode done = ui.seen(m -> "tau.response".equals(m.path("type").asText()), WAIT, "no tau.response");
                assertThat(done.path("sid").asText()).as("the same timeline after the reconnect").isEqualTo(sid);
                assertThat(done.path("response").path("id").asText()).isEqualTo(response.id());
            }
        }
    }

    @Test
    void aUiCommandReachesTheSessionItNamesAndNoOther() throws Exception {
        try (UiClient ui = UiClient.connect(debug);
             Session a = connect("a");
             Session b = connect("b")) {
            SimulatedSession simA = simSession(a);
            SimulatedSession simB = simSession(b);
            String sidA = sidOf(ui, "a");
            String sidB = sidOf(ui, "b");

            ui.send("{\"type\":\"tau.user_text\",\"sid\":\"" + sidA + "\",\"text\":\"only for a\"}");
            JsonNode response = ui.await(m -> "tau.response".equals(m.path("type").asText()) && sidA.equals(m.path("sid").asText()),
                    WAIT);
            assertThat(response.path("response").path("transcript").asText()).contains("only for a");
            assertThat(simA.conversation()).anySatisfy(item -> assertThat(item.text()).isEqualTo("only for a"));
            assertThat(simB.conversation()).isEmpty();

            byte[] speech = SimAudio.speech(Duration.ofMillis(300));
            ui.send("{\"type\":\"tau.input_audio\",\"sid\":\"" + sidB + "\",\"audio\":\""
                    + Base64.getEncoder().encodeToString(speech) + "\"}");
            ui.await(UiClient.event(sidB, "client", "input_audio_buffer.append"), WAIT);
            awaitInputAudio(simB, speech.length);
            assertThat(simB.inputAudio()).isEqualTo(speech);
            assertThat(simA.inputAudio()).isEmpty();
            assertThat(simA.clientEvents()).noneMatch(e -> e.type().equals("input_audio_buffer.append"));
        }
    }

    @Test
    void pushToTalkReleasedCommitsAndAsksForAResponseWhenTurnDetectionIsOff() throws Exception {
        try (UiClient ui = UiClient.connect(debug);
             Session session = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                     options("push-to-talk").build())) {
            String sid = sidOf(ui, "push-to-talk");
            String audio = Base64.getEncoder().encodeToString(SimAudio.speech(Duration.ofMillis(1500)));
            ui.send("{\"type\":\"tau.input_audio\",\"sid\":\"" + sid + "\",\"audio\":\"" + audio + "\"}");
            ui.send("{\"type\":\"tau.input_audio_end\",\"sid\":\"" + sid + "\"}");
            ui.await(UiClient.event(sid, "client", "input_audio_buffer.commit"), WAIT);
            JsonNode done = ui.await("tau.response", WAIT);
            assertThat(done.path("response").path("transcript").asText()).isEqualTo("I heard 1.5 seconds of audio.");
            assertThat(session.ledger().responseCount()).isEqualTo(1);
        }
    }

    @Test
    void aCommandForAnUnknownSessionIsAnsweredWithAnError() throws Exception {
        try (UiClient ui = UiClient.connect(debug)) {
            ui.await("tau.ready", WAIT);
            ui.send("{\"type\":\"tau.user_text\",\"sid\":\"s99\",\"text\":\"anyone?\"}");
            assertThat(ui.await("tau.error", WAIT).path("message").asText()).contains("no connected session s99");
            ui.send("{\"type\":\"session.update\",\"sid\":\"s99\"}");
            assertThat(ui.await("tau.error", WAIT).path("message").asText()).contains("unknown command session.update");
        }
    }

    @Test
    void aLateUiGetsTheHistoryThenLiveMessages() throws Exception {
        try (UiClient first = UiClient.connect(debug); Session session = connect("early")) {
            session.user("before the page");
            session.response();
            first.await("tau.response", WAIT);   // the server has it: a page opened now gets it as history
            try (UiClient ui = UiClient.connect(debug)) {
                JsonNode hello = ui.await("tau.hello", WAIT);
                ui.await(UiClient.event(hello.path("sid").asText(), "client", "conversation.item.create"), WAIT);
                JsonNode past = ui.await("tau.response", WAIT);
                assertThat(past.path("response").path("transcript").asText()).contains("before the page");
                JsonNode ready = ui.await("tau.ready", WAIT);
                assertThat(ready.path("sessions").get(0).path("name").asText()).isEqualTo("early");
                session.user("after");
                session.response();
                assertThat(ui.await("tau.response", WAIT).path("response").path("transcript").asText()).contains("after");
            }
        }
    }

    @Test
    void theRecordingIsDownloadableAsJsonlAndWavWithoutTheKeyAnywhere() throws Exception {
        String sid;
        try (UiClient ui = UiClient.connect(debug)) {
            Session session = connect("recorded");
            try {
                sid = sidOf(ui, "recorded");
                session.appendInputAudio(SimAudio.speech(Duration.ofMillis(200)));
                session.user("Tell me something");
                session.response();
                ui.await("tau.response", WAIT);
            } finally {
                session.close();
            }
            ui.await("tau.ended", WAIT);
            for (String m : ui.received()) {
                assertThat(m).doesNotContain(KEY).doesNotContain("DEBUG-SECRET");
            }
        }
        String token = "?token=" + debug.token();
        Probe.Answer events = Probe.get(debug.port(), "/api/sessions/" + sid + "/events.jsonl" + token, java.util.Map.of());
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.headers().get("content-disposition")).contains("recorded-" + sid + "-events.jsonl");
        String[] lines = events.body().split("\n");
        assertThat(UiClient.JSON.readTree(lines[0]).path("type").asText()).isEqualTo("tau.hello");
        assertThat(events.body()).contains("\"tau.response\"", "Tell me something", "bytes of audio, in the session's WAV download")
                .doesNotContain("DEBUG-SECRET");
        Probe.Answer output = Probe.get(debug.port(), "/api/sessions/" + sid + "/output.wav" + token, java.util.Map.of());
        assertThat(output.status()).isEqualTo(200);
        assertThat(output.body().length()).isGreaterThan(44 + 24_000);
        Probe.Answer input = Probe.get(debug.port(), "/api/sessions/" + sid + "/input.wav" + token, java.util.Map.of());
        assertThat(input.body()).startsWith("RIFF");
        assertThat(debug.hub().session(sid).recording.inputAudioBytes()).isEqualTo(SimAudio.bytesFor(200));
        assertThat(Probe.get(debug.port(), "/" + token, java.util.Map.of()).body()).doesNotContain("DEBUG-SECRET");
    }

    @Test
    void whenTheDebugServerStopsTheSessionGoesOn() throws Exception {
        try (UiClient ui = UiClient.connect(debug); Session session = connect("survivor")) {
            sidOf(ui, "survivor");
            debug.close();
            session.user("still there?");
            assertThat(session.response().isCompleted()).isTrue();
        }
    }

    @Test
    void aTokenFromTheTokenFileLetsSessionsInWithJustTheDefaultUrlShape() throws Exception {
        try (DebugServer published = DebugServer.builder().publishToken(true).start();
             UiClient ui = UiClient.connect(published);
             Session session = Tau.createSession(SessionOptions.DEFAULTS, TauOptions.builder().endpoint(sim.url()).apiKey(KEY)
                     .name("by-file").debug(true).debugUrl(URI.create("ws://127.0.0.1:" + published.port())).build())) {
            assertThat(ui.await("tau.hello", WAIT).path("name").asText()).isEqualTo(session.name()).isEqualTo("by-file");
        }
    }

    @Test
    void aSessionWithAWrongTokenWorksAndWarnsOnceWithoutShowingAnyToken() throws Exception {
        try (WarningCapture warnings = WarningCapture.start();
             Session session = Tau.createSession(SessionOptions.DEFAULTS, options("intruder")
                     .debugUrl(URI.create("ws://127.0.0.1:" + debug.port() + "/session?token=not-the-token-at-all")).build())) {
            session.user("hello");
            assertThat(session.response().isCompleted()).isTrue();
            String warning = warnings.next(WAIT);
            assertThat(warning).contains("intruder", "did not prove it holds the debug server's token", "a wrong token")
                    .doesNotContain("not-the-token-at-all").doesNotContain(debug.token());
            assertThat(warnings.next(Duration.ofMillis(300))).isNull();
            assertThat(debug.hub().sessions()).isEmpty();
        }
    }

    private static String sidOf(UiClient ui, String name) throws Exception {
        return ui.sidOf(name, WAIT);
    }

    private SimulatedSession simSession(Session session) {
        String id = session.sessionConfig().id();
        return sim.sessions().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** Waits for the simulator to have {@code bytes} of input audio, reading its client events as they arrive. */
    private void awaitInputAudio(SimulatedSession session, int bytes) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (session.inputAudio().length < bytes) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the simulator received " + session.inputAudio().length + " of " + bytes + " bytes");
            }
            // The simulator records an event before it applies it: wait for the next one in short slices,
            // so that an append recorded just before the check is seen once applied.
            sim.takeClientEvent(Duration.ofMillis(Math.max(1, Math.min(50,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))));
        }
    }
}
