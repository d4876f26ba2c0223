package dev.tau4j;

import dev.tau4j.internal.recovery.ConversationJournal;
import dev.tau4j.internal.session.SessionDiagnostics;
import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.recovery.Stall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimItem;
import dev.tau4j.simulator.SimulatedSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reconnect policy, in-flight work, states, keepalive, rollover and time-to-live, against the simulator. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RecoveryTest {

    private RealtimeSimulator sim;

    @BeforeEach
    void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private TauClient client(ReconnectPolicy policy, UnaryOperator<Resilience> tune) {
        return TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-test")
                .callTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(20))
                .resilience(tune.apply(Resilience.DEFAULT.withReconnect(policy))).build());
    }

    private static ReconnectPolicy.Builder fast() {
        return ReconnectPolicy.builder().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20));
    }

    private static Session manual(TauClient c) {
        return c.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build());
    }

    /** Records state changes; {@link #await} waits for one. */
    private static final class States implements SessionListener {
        final List<SessionState> seen = new CopyOnWriteArrayList<>();
        final BlockingQueue<SessionState> queue = new LinkedBlockingQueue<>();

        @Override
        public void onStateChange(Session session, SessionState previous, SessionState current) {
            seen.add(current);
            queue.add(current);
        }

        void await(SessionState wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            SessionState s;
            do {
                s = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(s).as("state " + wanted + " within 10 s (seen " + seen + ")").isNotNull();
            } while (s != wanted);
        }
    }

    @Test
    void backoffFollowsThePolicyAndA429IsRetried() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        // Each wait arms a 429 on the connection that follows, three times; the fourth attempt succeeds.
        // The injected clock moves only when the injected sleeper "waits": outages are measured in policy time.
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.EPOCH);
        ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(500))
                .multiplier(2).jitter(0).clock(now::get).sleeper(d -> {
                    now.updateAndGet(t -> t.plus(d));
                    waits.add(d);
                    if (waits.size() <= 3) {
                        sim.injectOnNextConnection(Fault.rejectHandshake(429));
                    }
                }).build();
        try (TauClient c = client(policy, r -> r); Session s = manual(c)) {
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
            Response r = s.response();
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                    Duration.ofMillis(500));
            assertThat(s.recoveryStats().attempts()).isEqualTo(4);
            assertThat(s.recoveryStats().reconnects()).isEqualTo(1);
            assertThat(s.recoveryStats().responsesRequestedAgain()).isEqualTo(1);
            assertThat(s.recoveryStats().lastOutage()).isEqualTo(Duration.ofMillis(1200));
            assertThat(s.recoveryStats().totalOutage()).isEqualTo(Duration.ofMillis(1200));
        }
    }

    @Test
    void jitterSpreadsTheWaitWithinItsShare() {
        ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(1000)).maxDelay(Duration.ofSeconds(60))
                .jitter(0.2).random(new java.util.Random(7)).build();
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delayBefore(1).toMillis()).isBetween(800L, 1200L);
            assertThat(policy.delayBefore(3).toMillis()).isBetween(3200L, 4800L);
        }
        assertThatThrownBy(() -> ReconnectPolicy.builder().jitter(1.5).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.builder().multiplier(0.5).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRejectedKeyOnTheReconnectIsNotRetriedAndFailsThePendingResponse() throws Exception {
        States states = new States();
        ReconnectPolicy policy = fast().sleeper(d -> sim.injectOnNextConnection(Fault.rejectHandshake(401))).build();
        try (TauClient c = client(policy, r -> r); Session s = manual(c)) {
            s.addListener(states);
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
            assertThatThrownBy(s::response).isInstanceOfSatisfying(HandshakeException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThat(s.state()).isEqualTo(SessionState.FAILED);
            assertThat(s.recoveryStats().attempts()).isEqualTo(1);
            // The state is FAILED before the failed call returns; listeners hear of it just after.
            states.await(SessionState.FAILED);
            assertThat(states.seen).containsExactly(SessionState.RECONNECTING, SessionState.FAILED);
        }
    }

    @Test
    void whenEveryAttemptFailsTheSessionFailsWithTheLastFailure() throws Exception {
        ReconnectPolicy policy = fast().maxAttempts(3).sleeper(d -> sim.injectOnNextConnection(Fault.rejectHandshake(429)))
                .build();
        try (TauClient c = client(policy, r -> r); Session s = manual(c)) {
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
            assertThatThrownBy(s::response).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("could not reconnect in 3 attempts")
                    .hasCauseInstanceOf(HandshakeException.class);
            assertThat(s.state()).isEqualTo(SessionState.FAILED);
            assertThatThrownBy(() -> s.user("again")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void whenRecoveryGivesUpItNamesTheCloseThatStartedIt() throws Exception {
        // The server closed 1011; every reconnect was refused. The failure says 1011, not the 1006 of a drop.
        ReconnectPolicy policy = fast().maxAttempts(2).sleeper(d -> sim.injectOnNextConnection(Fault.rejectHandshake(429)))
                .build();
        try (TauClient c = client(policy, r -> r); Session s = manual(c)) {
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.close(1011, "keepalive ping timeout").afterAudioDeltas(2));
            assertThatThrownBy(s::response).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("close 1011: keepalive ping timeout")
                    .hasMessageContaining("could not reconnect in 2 attempts")
                    .hasMessageNotContaining("1006");
            assertThat(s.state()).isEqualTo(SessionState.FAILED);
        }
    }

    @Test
    void statesGoThroughReconnectingAndRecoveredAndTheLedgerContinues() throws Exception {
        States states = new States();
        try (TauClient c = client(fast().build(), r -> r); Session s = manual(c)) {
            s.addListener(states);
            s.user("Hello");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            sim.sessions().getFirst().inject(Fault.drop());
            states.await(SessionState.OPEN);
            assertThat(states.seen).containsExactly(SessionState.RECONNECTING, SessionState.RECOVERED, SessionState.OPEN);
            s.user("And again");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(s.ledger().responseCount()).isEqualTo(2);
            assertThat(s.usage().outputTokens()).isPositive();
            RecoveryStats stats = s.recoveryStats();
            assertThat(stats.reconnects()).isEqualTo(1);
            assertThat(stats.itemsReplayed()).isEqualTo(2);
            assertThat(stats.lastOutage()).isPositive();
            assertThat(stats.lastFailure()).contains("1006");
        }
    }

    @Test
    void callsAndInputAudioDuringTheOutageWaitAndAreSentAfterIt() throws Exception {
        CountDownLatch outage = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ReconnectPolicy policy = fast().sleeper(d -> {
            outage.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        }).build();
        try (TauClient c = client(policy, r -> r); Session s = manual(c)) {
            assertThat(s.appendInputAudio(SimAudio.speech(Duration.ofMillis(300)))).isTrue();
            sim.sessions().getFirst().inject(Fault.drop());
            assertThat(outage.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.state()).isEqualTo(SessionState.RECONNECTING);
            // During the outage: audio is queued, a call waits.
            assertThat(s.appendInputAudio(SimAudio.speech(Duration.ofMillis(200)))).isTrue();
            CompletableFuture<String> item = CompletableFuture.supplyAsync(() -> s.user("Sent during the outage").id(),
                    r -> Thread.ofVirtual().start(r));
            CompletableFuture<String> commit = CompletableFuture.supplyAsync(s::commitInputAudio,
                    r -> Thread.ofVirtual().start(r));
            release.countDown();
            String userItem = item.get(10, TimeUnit.SECONDS);
            String audioItem = commit.get(10, TimeUnit.SECONDS);
            SimulatedSession now = sim.sessions().getLast();
            List<SimItem> conversation = now.conversation();
            assertThat(conversation).extracting(SimItem::id).contains(userItem, audioItem);
            SimItem audio = conversation.stream().filter(i -> i.id().equals(audioItem)).findFirst().orElseThrow();
            assertThat(audio.audioMs()).as("the audio from before and during the outage").isBetween(495L, 505L);
        }
    }

    record City(String city) {
    }

    @Test
    void aToolThatFinishesDuringAnOutageHasItsOutputAndFollowUpSentAfterIt() throws Exception {
        CountDownLatch outage = new CountDownLatch(1);
        CountDownLatch reconnect = new CountDownLatch(1);
        CountDownLatch toolStarted = new CountDownLatch(1);
        CountDownLatch toolMayFinish = new CountDownLatch(1);
        ReconnectPolicy policy = fast().sleeper(d -> {
            outage.countDown();
            assertThat(reconnect.await(10, TimeUnit.SECONDS)).isTrue();
        }).build();
        BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
        try (TauClient c = client(policy, r -> r);
                Session s = c.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled())
                        .tool(ExecutableTool.of("get_weather", "Weather in a city", City.class, q -> {
                            toolStarted.countDown();
                            try {
                                assertThat(toolMayFinish.await(10, TimeUnit.SECONDS)).isTrue();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return "{\"temp_c\":18}";
                        })).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    responses.add(response);
                }
            });
            sim.enqueue(dev.tau4j.simulator.Reply.functionCall("get_weather", "{\"city\":\"Oslo\"}"));
            s.user("Weather in Oslo?");
            assertThat(s.response().functionCalls()).hasSize(1);
            assertThat(toolStarted.await(10, TimeUnit.SECONDS)).isTrue();
            sim.sessions().getFirst().inject(Fault.drop());
            assertThat(outage.await(10, TimeUnit.SECONDS)).isTrue();
            toolMayFinish.countDown();      // the tool answers while the session is reconnecting
            reconnect.countDown();
            Response followUp = null;
            for (Response r = responses.poll(10, TimeUnit.SECONDS); r != null; r = responses.poll(10, TimeUnit.SECONDS)) {
                if (r.functionCalls().isEmpty()) {
                    followUp = r;
                    break;
                }
            }
            assertThat(followUp).as("the follow-up response").isNotNull();
            assertThat(followUp.status()).isEqualTo(ResponseStatus.COMPLETED);
            List<SimItem> after = sim.sessions().getLast().conversation();
            assertThat(after).extracting(SimItem::type).containsExactly("message", "function_call", "function_call_output",
                    "message");
            assertThat(after.get(2).output()).isEqualTo("{\"temp_c\":18}");
        }
    }

    @Test
    void withReportInterruptedTheRunningResponseFailsAndTheSessionGoesOn() throws Exception {
        try (TauClient c = client(fast().inFlight(ReconnectPolicy.InFlight.REPORT_INTERRUPTED).build(), r -> r);
                Session s = manual(c)) {
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
            assertThatThrownBy(s::response).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("interrupted");
            s.user("Again");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(s.recoveryStats().responsesRequestedAgain()).isZero();
        }
    }

    @Test
    void deletionsAndTruncationsAreReplayedAsTheyHappened() throws Exception {
        try (TauClient c = client(fast().build(), r -> r); Session s = manual(c)) {
            String gone = s.user("Forget me").id();
            s.user("Tell me a long story about the sea");
            Response answer = s.response();
            String assistant = sim.sessions().getFirst().conversation().getLast().id();
            s.deleteItem(gone);
            s.truncate(assistant, 0, 500);
            // Like the live service, the simulator deletes the transcript of truncated audio.
            assertThat(sim.sessions().getFirst().conversation().getLast().text()).isEmpty();
            sim.sessions().getFirst().inject(Fault.drop());
            s.user("Next");
            List<SimItem> after = sim.sessions().getLast().conversation();
            assertThat(after).extracting(SimItem::id).doesNotContain(gone);
            // The audio cannot be replayed: the replay stands in the part of the transcript that was heard.
            String replayed = after.stream().filter(i -> i.id().equals(assistant)).findFirst().orElseThrow().text();
            assertThat(replayed).isNotEmpty().isNotEqualTo(answer.transcript());
            assertThat(answer.transcript()).startsWith(replayed);
        }
    }

    @Test
    void aDeadNetworkPathIsNoticedByTheKeepaliveAndRecovered() throws Exception {
        States states = new States();
        try (TcpProxy proxy = new TcpProxy(sim.url());
                TauClient c = TauClient.create(TauOptions.builder().endpoint(proxy.url(sim.url())).apiKey("sk-test")
                        .callTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5))
                        .resilience(Resilience.DEFAULT.withReconnect(fast().build()).withKeepalive(Duration.ofMillis(200)))
                        .build());
                Session s = manual(c)) {
            s.addListener(states);
            s.user("Hello");
            proxy.blackholeOpenConnections();
            long start = System.nanoTime();
            states.await(SessionState.RECONNECTING);
            long noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            states.await(SessionState.OPEN);
            assertThat(noticedMs).as("noticed within two keepalive periods and a tick").isLessThan(2_000);
            assertThat(s.recoveryStats().lastFailure()).contains("keepalive");
            s.user("Still there?");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
        }
    }

    @Test
    void aStallIsReportedOnceWithItsResponse() throws Exception {
        BlockingQueue<Stall> stalls = new LinkedBlockingQueue<>();
        try (TauClient c = client(fast().build(),
                r -> r.withStallWatchdog(Duration.ofMillis(300), Resilience.StallAction.REPORT)); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onStall(Session session, Stall stall) {
                    stalls.add(stall);
                }
            });
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.stall().afterAudioDeltas(2));
            ResponseHandle h = s.requestResponse(ResponseOptions.DEFAULTS);
            Stall stall = stalls.poll(10, TimeUnit.SECONDS);
            assertThat(stall).isNotNull();
            assertThat(stall.responseId()).isEqualTo(h.created().get(5, TimeUnit.SECONDS));
            assertThat(stall.silence()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(stall.action()).isEqualTo(Resilience.StallAction.REPORT);
            assertThat(stalls.poll(700, TimeUnit.MILLISECONDS)).as("reported once").isNull();
            assertThat(s.recoveryStats().stalls()).isEqualTo(1);
        }
    }

    @Test
    void beforeTheSessionCapTheSessionRollsOverAtAPauseWithoutTheUserNoticing() throws Exception {
        States states = new States();
        CompletableFuture<RecoveryStats> rolled = new CompletableFuture<>();
        try (TauClient c = client(fast().build(), r -> r.withSessionCap(Duration.ofMillis(1500))); Session s = manual(c)) {
            s.addListener(states);
            s.addListener(new SessionListener() {
                @Override
                public void onRollover(Session session, RecoveryStats stats) {
                    rolled.complete(stats);
                }
            });
            s.system("Be brief.");
            s.user("Hello");
            s.response();
            List<String> before = sim.sessions().getFirst().conversation().stream().map(SimItem::id).toList();
            assertThat(rolled.get(10, TimeUnit.SECONDS).rollovers()).isEqualTo(1);
            SimulatedSession second = sim.sessions().getLast();
            assertThat(second).isNotSameAs(sim.sessions().getFirst());
            assertThat(second.conversation()).extracting(SimItem::id).containsExactlyElementsOf(before);
            assertThat(states.seen).as("no state change for a rollover").isEmpty();
            s.user("After the rollover");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(second.conversation()).hasSize(before.size() + 2);
        }
    }

    @Test
    void aRecoveryLeavesNoCallRegisteredOnceItsAnswersCame() throws Exception {
        try (TauClient c = client(fast().build(), r -> r); Session s = manual(c)) {
            s.system("Be brief.");
            s.user("Hello");
            s.response();
            // Read on the reader when the recovered response is reported (the first one's report may
            // come after this listener is added): every completed call's cleanup has run by then.
            CompletableFuture<Integer> registered = new CompletableFuture<>();
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    if (session.recoveryStats().reconnects() > 0) {
                        registered.complete(SessionDiagnostics.callsWaitingByEventId(session));
                    }
                }
            });
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
            s.user("Tell me about the sea");
            assertThat(s.response().status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(s.recoveryStats().reconnects()).isEqualTo(1);
            assertThat(registered.get(10, TimeUnit.SECONDS)).as("event ids still registered for an answer").isZero();
        }
    }

    @Test
    void aTimeToLiveClosesTheSession() throws Exception {
        States states = new States();
        try (TauClient c = client(fast().build(), r -> r.withTimeToLive(Duration.ofMillis(300))); Session s = manual(c)) {
            s.addListener(states);
            states.await(SessionState.CLOSED);
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        }
    }

    @Test
    void theJournalStaysWithinItsBounds() {
        List<String> forgotten = new ArrayList<>();
        ConversationJournal journal = new ConversationJournal("{\"type\":\"realtime\"}", 1000, 3, 2000, 48, 48,
                forgotten::add);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var item = new dev.tau4j.event.MessageItem("item_" + i, "user", null,
                    List.of(dev.tau4j.event.ContentPart.inputAudio(java.util.Base64.getEncoder().encodeToString(new byte[600]))));
            journal.onItemSent(item);
            journal.onItem(new dev.tau4j.event.MessageItem("item_" + i, "user", "completed",
                    List.of(new dev.tau4j.event.ContentPart("input_audio", null, "words " + i, null, null))),
                    ids.isEmpty() ? null : ids.getLast(), true);
            ids.add("item_" + i);
        }
        assertThat(journal.itemIds()).containsExactly("item_2", "item_3", "item_4");
        assertThat(journal.forgottenItems()).isEqualTo(2);
        assertThat(forgotten).containsExactly("item_0", "item_1");
        assertThat(journal.audioBytes()).isLessThanOrEqualTo(1000);
        var replay = journal.replayItems();
        assertThat(replay).hasSize(3);
        // The oldest audio fell back to its transcript; the newest kept its bytes.
        var oldest = (dev.tau4j.event.MessageItem) replay.getFirst();
        assertThat(oldest.content().getFirst().type()).isEqualTo("input_text");
        assertThat(oldest.content().getFirst().text()).isEqualTo("words 2");
        var newest = (dev.tau4j.event.MessageItem) replay.getLast();
        assertThat(newest.content().getFirst().type()).isEqualTo("input_audio");
        // Pending input audio is bounded too: the oldest chunks go.
        for (int i = 0; i < 10; i++) {
            assertThat(journal.onAppend(new byte[500], false)).isTrue();
        }
        assertThat(journal.pendingForNewConnection().stream().mapToInt(b -> b.length).sum()).isLessThanOrEqualTo(2000);
        assertThat(journal.onAppend(new byte[2500], true)).as("refused when full and refusing").isFalse();
    }
}
