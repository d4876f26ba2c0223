package dev.tau4j;

import dev.tau4j.recovery.Resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.UnknownEvent;
import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimulatedSession;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every failure ends in a clear, typed exception within its timeout, and never leaks the key. */
@Timeout(30)
class SessionErrorsTest {

    private static final String SECRET = "sk-proj-SECRETsecret1234567890";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static RealtimeSimulator sim;
    private static RealtimeSimulator keyed;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.start();
        keyed = RealtimeSimulator.builder().requiredApiKey("sk-the-right-key").start();
    }

    @AfterAll
    static void stop() {
        sim.close();
        keyed.close();
    }

    private static TauClient client(RealtimeSimulator s, String key) {
        return TauClient.create(TauOptions.builder().endpoint(s.url()).apiKey(key).callTimeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(3)).build());
    }

    /** A client whose sessions do not recover: a lost connection fails them (recovery is tested in RecoveryTest). */
    private static TauClient withoutRecovery(RealtimeSimulator s) {
        return TauClient.create(TauOptions.builder().endpoint(s.url()).apiKey("sk-x").callTimeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(3)).resilience(Resilience.NONE).build());
    }

    private static Session manual(TauClient c) {
        return c.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build());
    }

    @Test
    void aRejectedKeyEndsConnectWithTheServersReasonAndNeverShowsTheKey() {
        try (TauClient c = client(keyed, SECRET)) {
            assertThatThrownBy(() -> c.connect(SessionOptions.DEFAULTS))
                    .isInstanceOfSatisfying(ConnectionClosedException.class, e -> {
                        assertThat(e.closeCode()).isEqualTo(3000);
                        assertThat(e.isAuthenticationFailure()).isTrue();
                        assertThat(e.isRetryable()).isFalse();
                        assertThat(e.serverError().code()).isEqualTo("invalid_api_key");
                        assertThat(e.getMessage()).contains("invalid_api_key").contains("OPENAI_API_KEY")
                                .doesNotContain(SECRET).doesNotContain("SECRETsecret");
                    });
            assertThat(c.toString()).doesNotContain(SECRET);
            assertThat(c.options().toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void aFailedCallShowsTheCallersOwnStack() {
        try (TauClient c = client(sim, "sk-x"); Session s = manual(c)) {
            // The server's error is read on the reader; the exception also carries the stack of the call that waited.
            assertThatThrownBy(() -> s.deleteItem("item_does_not_exist"))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                        assertThat(e.getSuppressed()).hasSize(1);
                        assertThat(e.getSuppressed()[0].getMessage()).contains("conversation.item.deleted of item_does_not_exist");
                        assertThat(e.getSuppressed()[0].getStackTrace())
                                .anySatisfy(f -> assertThat(f.getMethodName()).contains("aFailedCallShowsTheCallersOwnStack"));
                    });
        }
    }

    @Test
    void anUnknownModelEndsConnectWithClose4000() {
        try (TauClient c = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-x").model("no-such-model")
                .build())) {
            assertThatThrownBy(() -> c.connect(SessionOptions.DEFAULTS))
                    .isInstanceOfSatisfying(ConnectionClosedException.class, e -> {
                        assertThat(e.closeCode()).isEqualTo(4000);
                        assertThat(e.serverError().code()).isEqualTo("invalid_model");
                        assertThat(e.getMessage()).contains("check the model name");
                    });
        }
    }

    @Test
    void aRefusedHandshakeCarriesTheHttpStatus() {
        sim.injectOnNextConnection(Fault.rejectHandshake(429));
        try (TauClient c = client(sim, "sk-x")) {
            assertThatThrownBy(() -> c.connect(SessionOptions.DEFAULTS))
                    .isInstanceOfSatisfying(HandshakeException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.isRetryable()).isTrue();
                    });
        }
    }

    @Test
    void anUnreachableServerIsAConnectionException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TauClient c = TauClient.create(TauOptions.builder().endpoint(URI.create("ws://127.0.0.1:" + port + "/v1/realtime"))
                .apiKey("sk-x").build())) {
            assertThatThrownBy(() -> c.connect(SessionOptions.DEFAULTS)).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("Cannot connect");
        }
    }

    @Test
    void noKeyForOpenAiIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> TauClient.create(TauOptions.DEFAULTS, java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void invalidSessionOptionsFailConnectWithTheServerError() {
        try (TauClient c = client(sim, "sk-x")) {
            assertThatThrownBy(() -> c.connect(SessionOptions.builder().extra("bogus_field", "1").build()))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo("unknown_parameter");
                        assertThat(e.error().param()).isEqualTo("session.bogus_field");
                    });
        }
    }

    @Test
    void aStalledServerTimesTheCallOutInsteadOfHanging() throws InterruptedException {
        try (TauClient c = client(sim, "sk-x"); Session s = manual(c)) {
            SimulatedSession server = serverOf(s);
            server.inject(Fault.stall());
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.user("anyone there?")).isInstanceOf(TauTimeoutException.class)
                    .hasMessageContaining("confirmation of item");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutRecoveryADroppedConnectionFailsTheRunningResponseAndTheSession() throws Exception {
        List<SessionState> states = new CopyOnWriteArrayList<>();
        CompletableFuture<TauException> reported = new CompletableFuture<>();
        try (TauClient c = withoutRecovery(sim); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onStateChange(Session session, SessionState previous, SessionState current) {
                    states.add(current);
                }

                @Override
                public void onError(Session session, TauException error) {
                    reported.complete(error);
                }
            });
            serverOf(s).inject(Fault.drop().afterAudioDeltas(2));
            s.user("Tell me something long");
            assertThatThrownBy(s::response).isInstanceOfSatisfying(ConnectionClosedException.class, e -> {
                assertThat(e.closeCode()).isEqualTo(1006);
                assertThat(e.isRetryable()).isTrue();
            });
            assertThat(s.state()).isEqualTo(SessionState.FAILED);
            assertThat(reported.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionClosedException.class);
            assertThat(states).containsExactly(SessionState.FAILED);
            assertThatThrownBy(() -> s.user("again")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void withoutRecoveryAnExpiredSessionIsReportedAsNotRetryable() throws Exception {
        CompletableFuture<TauException> reported = new CompletableFuture<>();
        try (TauClient c = withoutRecovery(sim); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onError(Session session, TauException error) {
                    if (error instanceof ConnectionClosedException) {
                        reported.complete(error);
                    }
                }
            });
            serverOf(s).inject(Fault.expireAfter(Duration.ofMillis(100)));
            TauException e = reported.get(5, TimeUnit.SECONDS);
            assertThat(((ConnectionClosedException) e).serverError().code()).isEqualTo("session_expired");
            assertThat(e.isRetryable()).isFalse();
            assertThat(s.state()).isEqualTo(SessionState.FAILED);
        }
    }

    @Test
    void aMalformedFrameIsReportedAndTheSessionGoesOn() throws Exception {
        BlockingQueue<TauException> errors = new LinkedBlockingQueue<>();
        try (TauClient c = client(sim, "sk-x"); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onError(Session session, TauException error) {
                    errors.add(error);
                }
            });
            serverOf(s).inject(Fault.malformedFrame());
            assertThat(errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(ProtocolException.class);
            assertThat(s.user("still here").id()).isNotBlank();
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
        }
    }

    @Test
    void unknownEventsReachListenersWhole() throws Exception {
        BlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
        try (TauClient c = client(sim, "sk-x"); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    events.add(event);
                }
            });
            serverOf(s).inject(Fault.unknownEvent("response.brand_new_thing"));
            ServerEvent e;
            do {
                e = events.poll(5, TimeUnit.SECONDS);
            } while (e != null && !(e instanceof UnknownEvent));
            assertThat(e).isInstanceOfSatisfying(UnknownEvent.class, u -> {
                assertThat(u.type()).isEqualTo("response.brand_new_thing");
                assertThat(u.json()).contains("response.brand_new_thing");
            });
        }
    }

    @Test
    void listenerExceptionsNeverStopTheSession() {
        try (TauClient c = client(sim, "sk-x"); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    throw new IllegalStateException("listener bug on " + event.type());
                }

                @Override
                public void onResponse(Session session, Response response) {
                    throw new IllegalStateException("listener bug on response");
                }
            });
            s.user("Hello");
            Response r = s.response();
            assertThat(r.isCompleted()).isTrue();
            assertThat(s.user("and again").id()).isNotBlank();
        }
    }

    @Test
    void blockingCallsFromAListenerFailFastInsteadOfDeadlocking() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        try (TauClient c = client(sim, "sk-x"); Session s = manual(c)) {
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof ResponseDone) {
                        try {
                            session.user("from the listener");
                            thrown.complete(null);
                        } catch (RuntimeException e) {
                            thrown.complete(e);
                        }
                    }
                }
            });
            s.user("Hi");
            s.response();
            assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listener");
        }
    }

    @Test
    void closingFailsPendingCallsPromptly() throws Exception {
        try (TauClient c = client(sim, "sk-x")) {
            Session s = manual(c);
            SimulatedSession server = serverOf(s);
            server.inject(Fault.stall());
            CompletableFuture<Throwable> pending = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.user("waiting");
                    pending.complete(null);
                } catch (RuntimeException e) {
                    pending.complete(e);
                }
            });
            awaitPendingItemCreate(server.id());
            s.close();
            assertThat(pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionClosedException.class);
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        }
    }

    /** Waits until the simulator has received the item create, so the call is really pending. */
    private static void awaitPendingItemCreate(String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var e = sim.takeClientEvent(Duration.ofMillis(200));
            if (e != null && e.sessionId().equals(sessionId) && e.type().equals("conversation.item.create")) {
                return;
            }
        }
        throw new AssertionError("the item create never reached the simulator");
    }

    /** The simulator's side of {@code session}. */
    private static SimulatedSession serverOf(Session session) {
        String id = session.sessionConfig().id();
        return sim.sessions().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }
}
