package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.simulator.RealtimeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Applications block the common fork-join pool (it has one thread on a 2-core machine). tau4j's
 * own code, its transport included, never needs it; the JDK's WebSocket client (the optional
 * transport) needs it to finish opening, and a connect then fails within its timeout and says why.
 */
@Timeout(30)
class CommonPoolIndependenceTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<CompletableFuture<Void>> hogs = new ArrayList<>();
    private RealtimeSimulator sim;

    @BeforeEach
    void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        CompletableFuture.allOf(hogs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        sim.close();
    }

    private void blockTheCommonPool() throws InterruptedException {
        int threads = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch blocked = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            hogs.add(CompletableFuture.runAsync(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anOpenSessionKeepsWorkingWhileTheCommonPoolIsBlocked() throws Exception {
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-x")
                .responseTimeout(Duration.ofSeconds(10)).build());
             Session session = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            blockTheCommonPool();
            session.user("hello");
            assertThat(session.response().isCompleted()).isTrue();
            assertThat(session.retrieveItem(session.user("again").id())).isNotNull();
        }
    }

    @Test
    void connectingWhileTheCommonPoolIsBlockedWorks() throws Exception {
        blockTheCommonPool();
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-x")
                .connectTimeout(Duration.ofSeconds(5)).build());
             Session session = client.connect(SessionOptions.DEFAULTS)) {
            assertThat(session.state()).isEqualTo(SessionState.OPEN);
        }
    }

    @Test
    void connectingWithTheJdkTransportWhileTheCommonPoolIsBlockedTimesOutAndSaysWhy() throws Exception {
        blockTheCommonPool();
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-x")
                .transport(TransportOptions.DEFAULT.withImplementation(TransportOptions.Implementation.JDK))
                .connectTimeout(Duration.ofSeconds(1)).build())) {
            assertThatThrownBy(() -> client.connect(SessionOptions.DEFAULTS)).isInstanceOf(TauTimeoutException.class)
                    .hasMessageContaining("common ForkJoinPool is saturated");
        }
    }
}
