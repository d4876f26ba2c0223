package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection that closes (1000, 1011, or an abrupt drop) at each point of the opening — before
 * {@code session.created}, right after it, during the first {@code session.update} — fifty times
 * each: no session is left {@code OPEN} on a dead connection. Each opening fails with a typed
 * exception within the connect timeout, or the session is usable (recovered onto a live
 * connection), or it failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ZombieSessionTest {

    private static final int RUNS = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private RealtimeSimulator sim;

    @BeforeAll
    void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    Stream<Arguments> closesAndPoints() {
        List<Arguments> out = new ArrayList<>();
        List<Supplier<Fault.Triggered<?>>> closes = List.of(() -> Fault.close(1000, "bye"),
                () -> Fault.close(1011, "internal error"), Fault::drop);
        List<String> kinds = List.of("close 1000", "close 1011", "drop");
        for (int i = 0; i < closes.size(); i++) {
            Supplier<Fault.Triggered<?>> close = closes.get(i);
            out.add(Arguments.of(kinds.get(i), "before session.created",
                    (Supplier<Fault>) () -> close.get().insteadOfEvent("session.created"), false));
            out.add(Arguments.of(kinds.get(i), "right after session.created",
                    (Supplier<Fault>) () -> close.get().afterEvent("session.created"), false));
            out.add(Arguments.of(kinds.get(i), "during the first session.update",
                    (Supplier<Fault>) () -> close.get().onClientEvent("session.update"), true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("closesAndPoints")
    void noSessionStaysOpenOnADeadConnection(String kind, String point, Supplier<Fault> fault, boolean withOptions)
            throws Exception {
        TauOptions options = TauOptions.builder().endpoint(sim.url()).apiKey("sk-test").connectTimeout(CONNECT_TIMEOUT)
                .callTimeout(Duration.ofSeconds(5)).build();
        SessionOptions sessionOptions = withOptions ? SessionOptions.builder().instructions("Be brief.").build()
                : SessionOptions.DEFAULTS;
        int failedOpenings = 0;
        int usable = 0;
        int failed = 0;
        try (TauClient client = TauClient.create(options)) {
            for (int run = 0; run < RUNS; run++) {
                sim.injectOnNextConnection(fault.get());
                long started = System.nanoTime();
                Session s;
                try {
                    s = client.connect(sessionOptions);
                } catch (TauException e) {
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("run " + run + ": failed within the connect timeout")
                            .isLessThan(CONNECT_TIMEOUT.plusSeconds(1));
                    failedOpenings++;
                    continue;
                }
                try (s) {
                    // Open must mean a live connection (or one being recovered): a call round-trips on it.
                    // A zombie would time out here, still OPEN.
                    try {
                        assertThat(s.user("are you there?").id()).isNotNull();
                        usable++;
                    } catch (TauException | IllegalStateException e) {
                        assertThat(s.state()).as("run " + run + ": a session whose call failed (" + e + ")")
                                .isEqualTo(SessionState.FAILED);
                        assertThat(e).isNotInstanceOf(TauTimeoutException.class);
                        failed++;
                    }
                }
            }
        }
        assertThat(failedOpenings + usable + failed).isEqualTo(RUNS);
    }
}
