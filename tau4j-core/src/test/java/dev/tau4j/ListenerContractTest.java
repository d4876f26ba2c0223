package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.ServerEvent;
import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The listener contract: every kind of call (events, responses, state changes, errors) is made
 * one at a time, in the order things happened, and nothing follows {@code CLOSED} or {@code FAILED}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerContractTest {

    private RealtimeSimulator sim;

    @BeforeEach
    void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Records every call, and whether two ever overlapped. */
    private static final class Recorder implements SessionListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<SessionState> states = new CopyOnWriteArrayList<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();

        private void record(String call) {
            if (inside.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                calls.add(call);
                Thread.onSpinWait();
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public void onEvent(Session session, ServerEvent event) {
            record("event " + event.type());
        }

        @Override
        public void onResponse(Session session, Response response) {
            record("response " + response.status());
        }

        @Override
        public void onStateChange(Session session, SessionState previous, SessionState current) {
            states.add(current);
            record("state " + previous + "→" + current);
        }

        @Override
        public void onError(Session session, TauException error) {
            record("error " + error.getClass().getSimpleName());
        }

        String last() {
            return calls.getLast();
        }
    }

    private TauOptions.Builder options() {
        return TauOptions.builder().endpoint(sim.url()).apiKey("sk-test").callTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(20));
    }

    @Test
    void aConnectionThatDropsDuringTheSwitchIsReportedAfterTheRecoveryItInterrupted() throws Exception {
        // The first reconnect's connection drops when the switch resends the interrupted response.
        AtomicInteger waits = new AtomicInteger();
        ReconnectPolicy policy = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20))
                .sleeper(d -> {
                    if (waits.incrementAndGet() == 1) {
                        sim.injectOnNextConnection(Fault.drop().onClientEvent("response.create"));
                    }
                }).build();
        Recorder recorder = new Recorder();
        try (TauClient client = TauClient.create(options().resilience(Resilience.DEFAULT.withReconnect(policy)).build());
                Session s = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.addListener(recorder);
            s.user("Tell me a long story");
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(2));
            Response r = s.response();
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(s.recoveryStats().reconnects()).isEqualTo(2);
        }
        assertThat(recorder.states).containsExactly(SessionState.RECONNECTING, SessionState.RECOVERED, SessionState.OPEN,
                SessionState.RECONNECTING, SessionState.RECOVERED, SessionState.OPEN, SessionState.CLOSING,
                SessionState.CLOSED);
        assertThat(recorder.overlapped).as("two listener calls overlapped").isFalse();
        assertThat(recorder.last()).isEqualTo("state CLOSING→CLOSED");
    }

    @Test
    void nothingIsDeliveredAfterClosedWhenTheSessionClosesWhileAResponseStreams() throws Exception {
        Recorder recorder = new Recorder();
        RealtimeSimulator paced = RealtimeSimulator.builder().pace(dev.tau4j.simulator.Pace.REALTIME).start();
        try (TauClient client = TauClient.create(options().endpoint(paced.url()).build());
                Session s = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.addListener(recorder);
            s.user("Tell me a long story");
            ResponseHandle handle = s.requestResponse(ResponseOptions.DEFAULTS);
            handle.created().get(10, TimeUnit.SECONDS);
            s.close();
            assertThat(handle.result()).isCompletedExceptionally();
            assertThat(recorder.last()).isEqualTo("state CLOSING→CLOSED");
            assertThat(recorder.calls).filteredOn(c -> c.startsWith("state")).last().isEqualTo("state CLOSING→CLOSED");
        } finally {
            paced.close();
        }
        assertThat(recorder.overlapped).isFalse();
    }

    @Test
    void withoutRecoveryALostConnectionReportsTheErrorThenFailedAndNothingAfter() throws Exception {
        Recorder recorder = new Recorder();
        try (TauClient client = TauClient.create(options().resilience(Resilience.NONE).build());
                Session s = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.addListener(recorder);
            s.user("Hello");
            sim.sessions().getFirst().inject(Fault.drop().afterAudioDeltas(1));
            ResponseHandle handle = s.requestResponse(ResponseOptions.DEFAULTS);
            assertThat(handle.result()).failsWithin(Duration.ofSeconds(10));
            assertThat(s.state()).isEqualTo(SessionState.FAILED);
        }
        List<String> calls = recorder.calls;
        assertThat(calls.getLast()).isEqualTo("state OPEN→FAILED");
        assertThat(calls.get(calls.size() - 2)).isEqualTo("error ConnectionClosedException");
        assertThat(recorder.overlapped).isFalse();
    }
}
