package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Speaker;
import dev.tau4j.audio.VirtualSpeaker;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.playback.Interruption;
import dev.tau4j.playback.Playback;
import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimDialect;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every provider against the simulator speaking its dialect over a real loopback socket: a text
 * turn, an audio turn (server VAD), an automatic tool call, a barge-in, a drop with recovery, a bad
 * key and an unsupported call failing fast.
 */
@Timeout(60)
class ProviderDialectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "provider-test-key-0123456789";
    private static final String AZURE_DEPLOYMENT = "my-realtime-deployment";

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

    private static Provider providerFor(SimDialect dialect) {
        return switch (dialect) {
            case OPENAI -> Provider.OPENAI;
            case AZURE -> Provider.AZURE_OPENAI.pricedAs(Model.GPT_REALTIME);
            case XAI -> Provider.XAI;
            case GEMINI -> throw new IllegalArgumentException("the Gemini Live client dialect is tested on its own");
        };
    }

    private TauClient client(SimDialect dialect, Pace pace, String key) {
        sim = RealtimeSimulator.builder().dialect(dialect).pace(pace).requiredApiKey(KEY).start();
        TauOptions.Builder b = TauOptions.builder().provider(providerFor(dialect).withEndpoint(sim.url())).apiKey(key)
                .callTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5));
        if (dialect == SimDialect.AZURE) {
            b.model(AZURE_DEPLOYMENT);
        }
        client = TauClient.create(b.build(), Map.of());
        return client;
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void aTextTurnIsAnsweredAndPriced(SimDialect dialect) throws Exception {
        try (Session s = client(dialect, Pace.FAST, KEY).connect(SessionOptions.builder()
                .instructions("Be brief.").turnDetection(TurnDetection.disabled()).build())) {
            sim.enqueue(Reply.text("Hello from the simulator."));
            s.user("Hi there");
            Response r = s.response();
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(r.transcript()).isEqualTo("Hello from the simulator.");
            assertThat(r.audio()).isNotEmpty();
            assertThat(r.usage()).as("usage (at the top of response.done for xAI)").isNotNull();
            assertThat(r.usage().outputAudioTokens()).isPositive();
            assertThat(s.sessionConfig().instructions()).isEqualTo("Be brief.");
            PriceTable prices = PriceTable.bundled();
            switch (dialect) {
                case OPENAI -> assertThat(r.costEstimate()).isEqualTo(prices.estimate(Model.GPT_REALTIME, r.usage()));
                case AZURE -> {
                    assertThat(s.model()).isEqualTo(AZURE_DEPLOYMENT);
                    assertThat(r.costEstimate()).as("priced as the model the deployment runs")
                            .isEqualTo(prices.estimate(Model.GPT_REALTIME, r.usage()));
                    assertThat(r.costEstimate().totalUsd()).isGreaterThan(BigDecimal.ZERO);
                }
                case XAI -> assertThat(prices.find(s.model()).orElseThrow().perMinute()).as("xAI bills per minute")
                        .isPresent();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void anAudioTurnIsCommittedByServerVadAndAnswered(SimDialect dialect) throws Exception {
        BlockingQueue<Response> done = new LinkedBlockingQueue<>();
        try (Session s = client(dialect, Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.serverVad()).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    done.add(response);
                }
            });
            s.appendInputAudio(SimAudio.speech(Duration.ofMillis(800)));
            s.appendInputAudio(SimAudio.silence(Duration.ofMillis(1000)));
            Response r = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("a response started by server VAD").isNotNull();
            assertThat(r.origin()).isEqualTo(ResponseOrigin.SERVER_STARTED);
            assertThat(r.usage().inputAudioTokens()).isPositive();
        }
    }

    record City(String city) {
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void anAutomaticToolRunsAndTheFollowUpUsesItsOutput(SimDialect dialect) throws Exception {
        AtomicReference<String> askedFor = new AtomicReference<>();
        BlockingQueue<Response> done = new LinkedBlockingQueue<>();
        try (Session s = client(dialect, Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled())
                .tool(ExecutableTool.of("get_weather", "Weather in a city", City.class, q -> {
                    askedFor.set(q.city());
                    return Map.of("tempC", 18);
                })).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    done.add(response);
                }
            });
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
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void userSpeechBargesInAndPlaybackTruncatesWhatWasHeard(SimDialect dialect) throws Exception {
        try (Session s = client(dialect, Pace.REALTIME, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.serverVad()).build());
                VirtualSpeaker speaker = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO);
                Playback playback = Playback.attach(s, speaker)) {
            CompletableFuture<Interruption> interruption = playback.nextInterruption();
            sim.enqueue(Reply.text("Here is a rather long answer that keeps on talking for quite a while, on and on."));
            s.user("Tell me something long.");
            ResponseHandle response = s.requestResponse(ResponseOptions.DEFAULTS);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (speaker.playedDuration().toMillis() < 300) {
                assertThat(System.nanoTime()).as("300 ms played within " + WAIT).isLessThan(deadline);
                LockSupport.parkNanos(5_000_000L);
            }
            byte[] speech = SimAudio.speech(Duration.ofMillis(400));
            for (int off = 0; off < speech.length; off += SimAudio.bytesFor(40)) {
                s.appendInputAudio(Arrays.copyOfRange(speech, off, Math.min(speech.length, off + SimAudio.bytesFor(40))));
            }
            Interruption i = interruption.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(i.truncated()).isTrue();
            assertThat(i.error()).isNull();
            Response r = response.await();
            assertThat(r.status()).isEqualTo(ResponseStatus.CANCELLED);
            assertThat(r.statusReason()).isEqualTo("turn_detected");
            RecordedEvent truncate;
            do {
                truncate = sim.takeClientEvent(WAIT);
                assertThat(truncate).as("conversation.item.truncate on the wire").isNotNull();
            } while (!truncate.type().equals("conversation.item.truncate"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void aDroppedConnectionIsRecoveredAndTheConversationGoesOn(SimDialect dialect) throws Exception {
        List<SessionState> states = new CopyOnWriteArrayList<>();
        BlockingQueue<SessionState> changes = new LinkedBlockingQueue<>();
        try (Session s = client(dialect, Pace.FAST, KEY).connect(SessionOptions.builder()
                .instructions("Remember me.").turnDetection(TurnDetection.disabled()).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onStateChange(Session session, SessionState previous, SessionState current) {
                    states.add(current);
                    changes.add(current);
                }
            });
            s.user("first");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            sim.sessions().getFirst().inject(Fault.drop());
            SessionState next;
            do {
                next = changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(next).as("a state change after the drop (seen " + states + ")").isNotNull()
                        .isNotIn(SessionState.FAILED, SessionState.CLOSED);
            } while (next != SessionState.OPEN);
            assertThat(states).contains(SessionState.RECONNECTING);
            s.user("second");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(s.recoveryStats().reconnects()).isEqualTo(1);
            assertThat(s.recoveryStats().itemsReplayed()).isPositive();
            assertThat(sim.sessions()).hasSize(2);
            assertThat(sim.sessions().get(1).configJson()).contains("Remember me.");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void aBadKeyFailsTheConnectWithATypedErrorThatDoesNotShowTheKey(SimDialect dialect) {
        String wrong = "wrong-key-abcdefghijklmnop";
        TauClient c = client(dialect, Pace.FAST, wrong);
        assertThatThrownBy(c::connect).isInstanceOf(TauException.class)
                .satisfies(e -> assertThat(((TauException) e).isRetryable()).isFalse())
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(wrong));
    }

    @ParameterizedTest
    @EnumSource(value = SimDialect.class, names = "GEMINI", mode = EnumSource.Mode.EXCLUDE)
    void aCallTheProviderCannotDoFailsAtOnceAndNothingIsSent(SimDialect dialect) throws Exception {
        Provider provider = providerFor(dialect);
        try (Session s = client(dialect, Pace.FAST, KEY).connect(SessionOptions.builder()
                .turnDetection(TurnDetection.disabled()).build())) {
            String item = s.user("hello").id();
            if (provider.supports(Provider.Capability.ITEM_DELETE)) {
                s.deleteItem(item);
                assertThat(provider.supports(Provider.Capability.SEMANTIC_VAD)).isTrue();
                s.updateSession(SessionOptions.builder().turnDetection(TurnDetection.semanticVad()).build());
                return;
            }
            assertThatThrownBy(() -> s.deleteItem(item)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("'" + provider.name() + "'");
            assertThatThrownBy(() -> s.updateSession(SessionOptions.builder()
                    .turnDetection(TurnDetection.semanticVad()).build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'" + provider.name() + "'");
            s.user("after");
            RecordedEvent e;
            do {
                e = sim.takeClientEvent(WAIT);
                assertThat(e).isNotNull();
                assertThat(e.type()).isNotEqualTo("conversation.item.delete");
            } while (!e.json().contains("\"after\""));
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
        }
    }
}
