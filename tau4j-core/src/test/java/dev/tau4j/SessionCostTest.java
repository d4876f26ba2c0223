package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.audio.Wav;
import dev.tau4j.cost.Budget;
import dev.tau4j.cost.BudgetExceeded;
import dev.tau4j.cost.BudgetExceededException;
import dev.tau4j.cost.BudgetPolicy;
import dev.tau4j.cost.BudgetSignal;
import dev.tau4j.cost.BudgetWarning;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.cost.PruningPolicy;
import dev.tau4j.cost.ResponseUsage;
import dev.tau4j.cost.TurnContext;
import dev.tau4j.event.ConversationItemDeleted;
import dev.tau4j.event.InputAudioTranscriptionCompleted;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.Usage;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimItem;
import dev.tau4j.simulator.SimulatedSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Usage, estimates, budgets and context per session, fed by the simulator over a real socket. */
@Timeout(30)
class SessionCostTest {

    private static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static TauOptions.Builder options() {
        return TauOptions.builder().endpoint(sim.url()).apiKey("sk-test");
    }

    private static SimulatedSession serverOf(Session s) {
        return sim.sessions().stream().filter(x -> x.id().equals(s.sessionConfig().id())).findFirst().orElseThrow();
    }

    @Test
    void theLedgerCountsRequestedOutOfBandAndServerStartedResponses() throws Exception {
        BlockingQueue<Response> done = new LinkedBlockingQueue<>();
        try (Session s = Tau.createSession(SessionOptions.DEFAULTS, options().build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    done.add(response);
                }
            });
            s.user("Hello there");
            Response requested = s.response();
            Response outOfBand = s.response(ResponseOptions.builder().outOfBand(true).build());
            // Server VAD (on by default) hears speech then silence, commits, and responds by itself.
            s.appendInputAudio(SimAudio.speech(Duration.ofMillis(800)));
            s.appendInputAudio(SimAudio.silence(Duration.ofMillis(1000)));
            Response serverStarted = null;
            while (serverStarted == null) {
                Response r = done.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("a server-started response").isNotNull();
                if (r.origin() == ResponseOrigin.SERVER_STARTED) {
                    serverStarted = r;
                }
            }
            List<ResponseUsage> entries = s.ledger().entries();
            assertThat(entries).extracting(ResponseUsage::responseId)
                    .containsExactly(requested.id(), outOfBand.id(), serverStarted.id());
            assertThat(entries).extracting(ResponseUsage::origin).containsExactly(ResponseOrigin.REQUESTED,
                    ResponseOrigin.OUT_OF_BAND, ResponseOrigin.SERVER_STARTED);
            assertThat(serverStarted.usage().inputAudioTokens()).isPositive();
            Usage total = requested.usage().plus(outOfBand.usage()).plus(serverStarted.usage());
            assertThat(s.ledger().totalUsage()).isEqualTo(total).isEqualTo(s.usage());
            PriceTable prices = PriceTable.bundled();
            for (Response r : List.of(requested, outOfBand, serverStarted)) {
                assertThat(r.costEstimate()).isEqualTo(prices.estimate(Model.GPT_REALTIME, r.usage()));
                assertThat(r.costEstimate().totalUsd()).isPositive();
            }
            BigDecimal sum = requested.costEstimate().totalUsd().add(outOfBand.costEstimate().totalUsd())
                    .add(serverStarted.costEstimate().totalUsd());
            assertThat(s.ledger().responseEstimate().knownUsd()).isEqualByComparingTo(sum);
            assertThat(outOfBand.context()).isNull();
            assertThat(requested.context()).isNotNull();
        }
    }

    @Test
    void inputTranscriptionUsageIsRecordedSeparately() throws Exception {
        try (Session s = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled())
                .inputTranscription(InputTranscription.of("gpt-4o-mini-transcribe")).build(), options().build())) {
            CompletableFuture<InputAudioTranscriptionCompleted> transcribed = new CompletableFuture<>();
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof InputAudioTranscriptionCompleted c) {
                        transcribed.complete(c);
                    }
                }
            });
            s.appendInputAudio(SimAudio.speech(Duration.ofMillis(600)));
            String item = s.commitInputAudio();
            assertThat(transcribed.get(5, TimeUnit.SECONDS).itemId()).isEqualTo(item);
            assertThat(s.ledger().transcriptionEntries()).singleElement().satisfies(e -> {
                assertThat(e.itemId()).isEqualTo(item);
                assertThat(e.model()).isEqualTo("gpt-4o-mini-transcribe");
                assertThat(e.tokens()).isPositive();
            });
        }
    }

    @Test
    void aTokenCapWarnsAtTheThresholdThenRefusesNewResponses() {
        BlockingQueue<BudgetSignal> signals = new LinkedBlockingQueue<>();
        Budget budget = Budget.builder().maxTokens(60).warnAt(0.5).policy(BudgetPolicy.REFUSE_NEW_RESPONSES).build();
        try (Session s = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                options().budget(budget).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onBudget(Session session, BudgetSignal signal) {
                    signals.add(signal);
                }
            });
            s.user("Tell me about the sea");
            Response first = s.response();
            assertThat(first.usage().totalTokens()).isGreaterThan(60);
            assertThat(signals).hasSize(2);
            assertThat(signals.poll()).isInstanceOf(BudgetWarning.class);
            assertThat(signals.poll()).isInstanceOfSatisfying(BudgetExceeded.class,
                    e -> assertThat(e.policy()).isEqualTo(BudgetPolicy.REFUSE_NEW_RESPONSES));
            assertThatThrownBy(s::response).isInstanceOf(BudgetExceededException.class);
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
            assertThat(s.budget()).hasValueSatisfying(m -> assertThat(m.spentTokens()).isEqualTo(first.usage().totalTokens()));
        }
    }

    @Test
    void aMoneyCapWithTheClosePolicyClosesTheSession() throws Exception {
        CompletableFuture<SessionState> closed = new CompletableFuture<>();
        Budget budget = Budget.builder().maxUsd("0.0001").policy(BudgetPolicy.CLOSE_SESSION).build();
        try (Session s = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                options().budget(budget).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onStateChange(Session session, SessionState previous, SessionState current) {
                    if (current == SessionState.CLOSED) {
                        closed.complete(current);
                    }
                }
            });
            s.user("Tell me about the sea");
            assertThat(s.response().costEstimate().totalUsd()).isGreaterThan(new BigDecimal("0.0001"));
            assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(SessionState.CLOSED);
            assertThatThrownBy(() -> s.user("more")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aConnectedTimeCapClosesAnIdleSession() throws Exception {
        CompletableFuture<BudgetSignal> exceeded = new CompletableFuture<>();
        CompletableFuture<SessionState> closed = new CompletableFuture<>();
        Budget budget = Budget.builder().maxConnectedTime(Duration.ofMillis(400)).policy(BudgetPolicy.CLOSE_SESSION).build();
        try (Session s = Tau.createSession(SessionOptions.DEFAULTS, options().budget(budget).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onBudget(Session session, BudgetSignal signal) {
                    if (signal instanceof BudgetExceeded) {
                        exceeded.complete(signal);
                    }
                }

                @Override
                public void onStateChange(Session session, SessionState previous, SessionState current) {
                    if (current == SessionState.CLOSED) {
                        closed.complete(current);
                    }
                }
            });
            assertThat(exceeded.get(5, TimeUnit.SECONDS)).isInstanceOf(BudgetExceeded.class);
            assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(SessionState.CLOSED);
            assertThat(s.ledger().connectedTime()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void reBilledContextIsReportedPerTurnAndWarnedAbove() throws Exception {
        CompletableFuture<TurnContext> warned = new CompletableFuture<>();
        try (Session s = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                options().contextWarnTokens(40).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onContextWarning(Session session, TurnContext turn) {
                    warned.complete(turn);
                }
            });
            s.user("Tell me about the sea and the ships");
            Response first = s.response();
            s.user("And the mountains?");
            Response second = s.response();
            assertThat(first.context().rebilledTokens()).isZero();
            assertThat(second.context().rebilledTokens()).isPositive()
                    .isLessThanOrEqualTo(second.usage().inputTokens());
            assertThat(warned.get(5, TimeUnit.SECONDS).turn()).isEqualTo(second.context().turn());
        }
    }

    @Test
    void thePruningPolicyDeletesTheOldestItemsButKeepsSystemOnes() throws Exception {
        try (Session s = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                options().pruning(PruningPolicy.keepInputUnder(60)).build())) {
            BlockingQueue<String> deleted = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof ConversationItemDeleted d) {
                        deleted.add(d.itemId());
                    }
                }
            });
            String system = s.system("You are terse.").id();
            String firstUser = s.user("Tell me a long story about the sea, the ships and the storms at night").id();
            s.response();
            s.user("And then?");
            s.response();
            String gone;
            do {
                gone = deleted.poll(5, TimeUnit.SECONDS);
                assertThat(gone).as("the first user item is pruned").isNotNull();
            } while (!gone.equals(firstUser));
            assertThat(serverOf(s).conversation()).extracting(SimItem::id).doesNotContain(firstUser).contains(system);
        }
    }

    @Test
    void responsesSaveTheirAudioAndTellWhenItWouldHaveFinished(@TempDir Path dir) throws Exception {
        try (Session s = Tau.createSession(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(),
                options().build())) {
            s.user("Say something");
            Response r = s.response();
            Path wav = dir.resolve("reply.wav");
            r.saveAudioAsWav(wav);
            assertThat(Wav.read(wav).pcm16()).isEqualTo(r.audio());
            Instant end = r.audioFinishedAt();
            assertThat(end).isNotNull();
            r.audioFinished().get(10, TimeUnit.SECONDS);
            assertThat(Instant.now()).isAfterOrEqualTo(end);
        }
    }
}
