package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cost.PriceTable;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimDialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Gemini Live dialect against the simulator speaking Gemini over a real loopback socket: the
 * engine (blocking responses, automatic tools, cost, recovery) works unchanged on it.
 */
@Timeout(60)
class GeminiSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "gemini-test-key-0123456789";

    private RealtimeSimulator sim;
    private TauClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private TauClient client(Pace pace, String key) {
        sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).pace(pace).requiredApiKey(KEY).start();
        client = TauClient.create(TauOptions.builder().provider(Provider.GEMINI.withEndpoint(sim.url())).apiKey(key)
                .callTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5)).build(), Map.of());
        return client;
    }

    private static BlockingQueue<Response> responses(Session s) {
        BlockingQueue<Response> done = new LinkedBlockingQueue<>();
        s.addListener(new SessionListener() {
            @Override
            public void onResponse(Session session, Response response) {
                done.add(response);
            }
        });
        return done;
    }

    /** The client messages of the simulator's first connection, until one contains {@code marker}. */
    private List<String> clientMessagesUntil(String marker) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        RecordedEvent e;
        do {
            e = sim.takeClientEvent(WAIT);
            assertThat(e).as("a client message containing " + marker + " (seen " + seen + ")").isNotNull();
            seen.add(e.json());
        } while (!e.json().contains(marker));
        return seen;
    }

    @Test
    void aTextTurnIsAnsweredWithAudioAndATranscriptAndPricedPerToken() throws Exception {
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .instructions("Be brief.").voice(Voice.of("Kore")).turnDetection(TurnDetection.disabled()).build())) {
            sim.enqueue(Reply.text("Hello from the simulator."));
            s.user("Hi there");
            Response r = s.response();
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(r.transcript()).isEqualTo("Hello from the simulator.");
            assertThat(r.audio()).isNotEmpty();
            assertThat(r.usage().outputAudioTokens()).isPositive();
            assertThat(r.usage().inputTextTokens()).isPositive();
            assertThat(r.costEstimate()).isEqualTo(PriceTable.bundled().estimate(Provider.GEMINI.defaultModel(), r.usage()));
            assertThat(s.sessionConfig().instructions()).isEqualTo("Be brief.");
            List<String> sent = clientMessagesUntil("turnComplete\":true");
            assertThat(sent.getFirst()).contains("\"setup\"", "\"models/" + Provider.GEMINI.defaultModel() + "\"",
                    "\"voiceName\":\"Kore\"", "Be brief.", "\"disabled\":true", "\"sessionResumption\"");
            assertThat(sent).anySatisfy(m -> assertThat(m).contains("clientContent", "Hi there"));

            sim.enqueue(Reply.text("Second answer."));
            s.user("Again");
            Response second = s.response();
            assertThat(second.transcript()).isEqualTo("Second answer.");
            assertThat(second.usage().inputTokens()).as("the whole context is billed again each turn")
                    .isGreaterThan(r.usage().inputTokens());
            assertThat(s.usage()).isEqualTo(r.usage().plus(second.usage()));
        }
    }

    @Test
    void anAudioTurnIsTakenByServerVadAt16kHzAndAnswered() throws Exception {
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.serverVad()).build())) {
            BlockingQueue<Response> done = responses(s);
            byte[] speech = SimAudio.speech(Duration.ofMillis(800));
            s.appendInputAudio(speech);
            s.appendInputAudio(SimAudio.silence(Duration.ofMillis(1000)));
            Response r = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("a response started by the server's activity detection").isNotNull();
            assertThat(r.origin()).isEqualTo(ResponseOrigin.SERVER_STARTED);
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(r.usage().inputAudioTokens()).isPositive();
            assertThat(r.audio()).isNotEmpty();
            byte[] heard = sim.sessions().getFirst().inputAudio();
            assertThat(heard.length).as("1.8 s of 24 kHz audio arrives as about 1.8 s at 16 kHz")
                    .isBetween(SimAudio.bytesFor(1700) * 2 / 3, SimAudio.bytesFor(1900) * 2 / 3);
        }
    }

    @Test
    void aManualAudioTurnIsMarkedByActivityStartAndEndAndItsResponseIsTheModelsAnswer() throws Exception {
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled()).build())) {
            s.appendInputAudio(SimAudio.speech(Duration.ofMillis(600)));
            String itemId = s.commitInputAudio();
            assertThat(itemId).isNotBlank();
            Response r = s.response();
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(r.origin()).isEqualTo(ResponseOrigin.REQUESTED);
            assertThat(r.usage().inputAudioTokens()).isPositive();
            List<String> sent = clientMessagesUntil("activityEnd");
            assertThat(sent).anySatisfy(m -> assertThat(m).contains("activityStart"));
            assertThat(sent).as("the activity's end is the request for the answer").noneMatch(m -> m.contains("turnComplete"));
            s.user("and now in text");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            List<String> after = clientMessagesUntil("turnComplete\":true");
            assertThat(after).filteredOn(m -> m.contains("turnComplete\":true")).hasSize(1);
        }
    }

    @Test
    void aCancelledResponseEndsCancelledAndTheNextOneIsAnswered() throws Exception {
        try (Session s = client(Pace.REALTIME, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled()).build())) {
            BlockingQueue<String> audio = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof ResponseOutputAudioDelta d) {
                        audio.add(d.responseId());
                    }
                }
            });
            sim.enqueue(Reply.text("Here is a rather long answer that keeps on talking for quite a while, on and on."));
            s.user("Tell me something long.");
            ResponseHandle handle = s.requestResponse(ResponseOptions.DEFAULTS);
            assertThat(audio.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the answer started").isNotNull();
            Response cancelled = s.cancelResponse().orElseThrow();
            assertThat(cancelled.status()).isEqualTo(ResponseStatus.CANCELLED);
            assertThat(handle.await().status()).isEqualTo(ResponseStatus.CANCELLED);
            sim.enqueue(Reply.text("Short."));
            s.user("Just a short one.");
            assertThat(s.response().transcript()).isEqualTo("Short.");
        }
    }

    record City(String city) {
    }

    @Test
    void anAutomaticToolRunsOnAToolCallAndTheModelGoesOnWithItsOutput() throws Exception {
        AtomicReference<String> askedFor = new AtomicReference<>();
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled())
                .tool(ExecutableTool.of("get_weather", "Weather in a city", City.class, q -> {
                    askedFor.set(q.city());
                    return Map.of("tempC", 18);
                })).build())) {
            BlockingQueue<Response> done = responses(s);
            sim.enqueue(Reply.functionCall("get_weather", "{\"city\":\"Paris\"}"));
            s.user("Weather in Paris?");
            Response call = s.response();
            assertThat(call.functionCalls()).extracting(FunctionCall::name).containsExactly("get_weather");
            Response followUp = null;
            while (followUp == null) {
                Response r = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(r).as("the follow-up response").isNotNull();
                if (r != call) {
                    followUp = r;
                }
            }
            assertThat(askedFor.get()).isEqualTo("Paris");
            assertThat(followUp.transcript()).contains("18");
            List<String> sent = clientMessagesUntil("toolResponse");
            assertThat(sent.getLast()).contains("\"id\":\"" + call.functionCalls().getFirst().callId() + "\"",
                    "\"name\":\"get_weather\"", "18");
        }
    }

    @Test
    void userSpeechBargesInAndTheResponseEndsCancelled() throws Exception {
        try (Session s = client(Pace.REALTIME, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.serverVad()).build())) {
            BlockingQueue<ServerEventType> seen = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof ResponseOutputAudioDelta) {
                        seen.add(ServerEventType.AUDIO);
                    } else if (event instanceof InputAudioBufferSpeechStarted) {
                        seen.add(ServerEventType.SPEECH_STARTED);
                    }
                }
            });
            sim.enqueue(Reply.text("Here is a rather long answer that keeps on talking for quite a while, on and on."));
            s.user("Tell me something long.");
            ResponseHandle response = s.requestResponse(ResponseOptions.DEFAULTS);
            assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ServerEventType.AUDIO);
            byte[] speech = SimAudio.speech(Duration.ofMillis(600));
            for (int off = 0; off < speech.length; off += SimAudio.bytesFor(40)) {
                s.appendInputAudio(Arrays.copyOfRange(speech, off, Math.min(speech.length, off + SimAudio.bytesFor(40))));
            }
            Response r = response.await();
            assertThat(r.status()).isEqualTo(ResponseStatus.CANCELLED);
            assertThat(r.statusReason()).isEqualTo("turn_detected");
            assertThat(seen).contains(ServerEventType.SPEECH_STARTED);
        }
    }

    enum ServerEventType { AUDIO, SPEECH_STARTED }

    @Test
    void goAwayMovesToANewConnectionWithTheResumptionHandleAndReplaysNothing() throws Exception {
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .instructions("Remember me.").turnDetection(TurnDetection.disabled()).build())) {
            BlockingQueue<RecoveryStats> rollovers = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onRollover(Session session, RecoveryStats stats) {
                    rollovers.add(stats);
                }
            });
            s.user("first");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            sim.sessions().getFirst().inject(Fault.goAway(Duration.ofSeconds(5)));
            RecoveryStats stats = rollovers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(stats).as("a rollover before the cut").isNotNull();
            assertThat(stats.resumptions()).isEqualTo(1);
            assertThat(stats.replays()).isZero();
            assertThat(stats.itemsReplayed()).isZero();
            assertThat(sim.sessions()).hasSize(2);
            String setup = sim.sessions().get(1).clientEvents().getFirst().json();
            assertThat(setup).contains("\"setup\"", "\"handle\"");
            assertThat(sim.sessions().get(1).clientEvents()).as("nothing replayed onto the resumed connection")
                    .noneMatch(e -> e.json().contains("clientContent"));
            sim.enqueue(Reply.text("Still here."));
            s.user("second");
            Response r = s.response();
            assertThat(r.transcript()).isEqualTo("Still here.");
            assertThat(s.recoveryStats().rollovers()).isEqualTo(1);
        }
    }

    @Test
    void aDroppedConnectionIsResumedWithTheHandleAndNothingIsReplayed() throws Exception {
        BlockingQueue<SessionState> changes = new LinkedBlockingQueue<>();
        try (Session s = afterAFirstTurn(changes)) {
            sim.sessions().getFirst().inject(Fault.drop());
            awaitOpenAgain(changes);
            assertThat(s.recoveryStats().resumptions()).isEqualTo(1);
            assertThat(s.recoveryStats().replays()).isZero();
            assertThat(s.recoveryStats().itemsReplayed()).isZero();
            assertThat(sim.sessions().get(1).clientEvents().getFirst().json()).contains("\"handle\"");
            assertThat(sim.sessions().get(1).clientEvents()).noneMatch(e -> e.json().contains("clientContent"));
            sim.enqueue(Reply.text("Resumed."));
            s.user("second");
            assertThat(s.response().transcript()).isEqualTo("Resumed.");
        }
    }

    @Test
    void aRefusedHandleFallsBackToReplayingTheJournal() throws Exception {
        BlockingQueue<SessionState> changes = new LinkedBlockingQueue<>();
        try (Session s = afterAFirstTurn(changes)) {
            sim.injectOnNextConnection(Fault.staleHandle());
            sim.sessions().getFirst().inject(Fault.drop());
            awaitOpenAgain(changes);
            assertThat(s.recoveryStats().reconnects()).isEqualTo(1);
            assertThat(s.recoveryStats().resumptions()).isZero();
            assertThat(s.recoveryStats().replays()).isEqualTo(1);
            assertThat(s.recoveryStats().itemsReplayed()).isPositive();
            sim.enqueue(Reply.text("Back again."));
            s.user("second");
            assertThat(s.response().transcript()).isEqualTo("Back again.");
        }
    }

    @Test
    void aBadKeyFailsTheConnectAsAnAuthenticationFailureNamingTheVariable() {
        String wrong = "wrong-key-abcdefghijklmnop";
        TauClient c = client(Pace.FAST, wrong);
        assertThatThrownBy(c::connect).isInstanceOf(ConnectionClosedException.class)
                .satisfies(e -> assertThat(((ConnectionClosedException) e).isAuthenticationFailure()).isTrue())
                .satisfies(e -> assertThat(((TauException) e).isRetryable()).isFalse())
                .hasMessageContaining("gemini").hasMessageContaining("GEMINI_API_KEY")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(wrong).doesNotContain("\n"));
    }

    @Test
    void callsGeminiCannotDoFailAtOnceAndNothingIsSent() throws Exception {
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled()).build())) {
            String item = s.user("hello").id();
            assertThatThrownBy(() -> s.deleteItem(item)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("'gemini'");
            assertThatThrownBy(() -> s.retrieveItem(item)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("'gemini'");
            assertThatThrownBy(() -> s.truncate(item, 0, 10)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("'gemini'");
            assertThatThrownBy(() -> s.updateSession(SessionOptions.builder().instructions("new").build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'gemini'");
            assertThatThrownBy(() -> s.requestResponse(ResponseOptions.builder().outOfBand(true).build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'gemini'");
            // Gemini has no per-response configuration: what would not reach it fails, naming the options.
            assertThatThrownBy(() -> s.requestResponse(ResponseOptions.builder().instructions("Be brief.")
                    .voice(Voice.of("Puck")).build()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("'gemini'").hasMessageContaining("instructions, voice");
            assertThatThrownBy(() -> s.requestResponse(ResponseOptions.builder().toolChoice(ToolChoice.NONE).build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("toolChoice");
            s.user("after");
            List<String> sent = clientMessagesUntil("\"after\"");
            assertThat(sent).filteredOn(m -> m.contains("\"setup\"")).hasSize(1);
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
        }
    }

    @Test
    void aMalformedFrameIsAProtocolErrorAndTheConnectionStays() throws Exception {
        try (Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled()).build())) {
            BlockingQueue<TauException> errors = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onError(Session session, TauException error) {
                    errors.add(error);
                }
            });
            sim.sessions().getFirst().inject(Fault.malformedFrame());
            assertThat(errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ProtocolException.class);
            sim.enqueue(Reply.text("Fine."));
            s.user("still there?");
            assertThat(s.response().transcript()).isEqualTo("Fine.");
            assertThat(s.recoveryStats().reconnects()).isZero();
            assertThat(sim.sessions()).hasSize(1);
        }
    }

    @Test
    void jsonInBinaryFramesIsReadLikeText() throws Exception {
        TauClient c = client(Pace.FAST, KEY);
        sim.injectOnNextConnection(Fault.binaryFrames());
        try (Session s = c.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            sim.enqueue(Reply.text("Binary but fine."));
            s.user("hi");
            assertThat(s.response().transcript()).isEqualTo("Binary but fine.");
        }
    }

    /** Waits until the session is open again after a drop, failing on FAILED or CLOSED; the reconnect is counted by then. */
    private static void awaitOpenAgain(BlockingQueue<SessionState> changes) throws InterruptedException {
        SessionState next;
        do {
            next = changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(next).as("a state change after the drop").isNotNull()
                    .isNotIn(SessionState.FAILED, SessionState.CLOSED);
        } while (next != SessionState.OPEN);
    }

    /** A session (manual turns) that answered a first turn; its state changes go to {@code changes}. */
    private Session afterAFirstTurn(BlockingQueue<SessionState> changes) {
        Session s = client(Pace.FAST, KEY).connect(SessionOptions.builder()
                .instructions("Remember me.").turnDetection(TurnDetection.disabled()).build());
        s.addListener(new SessionListener() {
            @Override
            public void onStateChange(Session session, SessionState previous, SessionState current) {
                changes.add(current);
            }
        });
        s.user("first");
        assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
        return s;
    }
}
