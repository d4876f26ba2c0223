package dev.tau4j.bench.sim;

import dev.tau4j.simulator.RealtimeSimulator;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scale harness: N concurrent sessions against one simulator, one text item + one audio response
 * each; prints sessions, completed, p50/p99 time from connect to response.done, heap and threads.
 * Usage: {@code java -cp tau4j-bench/target/benchmarks.jar dev.tau4j.bench.sim.SimulatorScale [sessions]}.
 */
public final class SimulatorScale {
    private SimulatorScale() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            long[] millis = new long[n];
            Arrays.fill(millis, -1);
            AtomicInteger completed = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(n);
            List<WebSocket> sockets = new ArrayList<>();
            long t0 = System.nanoTime();
            int peakThreads = 0;
            for (int i = 0; i < n; i++) {
                int idx = i;
                long start = System.nanoTime();
                WebSocket.Listener listener = new WebSocket.Listener() {
                    final StringBuilder sb = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        sb.append(data);
                        if (last) {
                            String frame = sb.toString();
                            sb.setLength(0);
                            if (frame.startsWith("{\"type\":\"response.done\"")) {
                                millis[idx] = (System.nanoTime() - start) / 1_000_000;
                                completed.incrementAndGet();
                                done.countDown();
                            }
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        done.countDown();
                    }
                };
                CompletableFuture<WebSocket> f = http.newWebSocketBuilder().header("Authorization", "Bearer sk-scale")
                        .connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(java.net.URI.create(sim.url() + "?model=gpt-realtime"), listener);
                WebSocket ws = f.get(30, TimeUnit.SECONDS);
                sockets.add(ws);
                ws.sendText("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Tell me something short number "
                        + i + "\"}]}}", true).join();
                ws.sendText("{\"type\":\"response.create\"}", true).join();
                peakThreads = Math.max(peakThreads, ManagementFactory.getThreadMXBean().getThreadCount());
            }
            boolean all = done.await(120, TimeUnit.SECONDS);
            long wall = (System.nanoTime() - t0) / 1_000_000;
            peakThreads = Math.max(peakThreads, ManagementFactory.getThreadMXBean().getThreadCount());
            Runtime rt = Runtime.getRuntime();
            long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
            long[] ok = Arrays.stream(millis).filter(m -> m >= 0).sorted().toArray();
            long p50 = ok.length == 0 ? -1 : ok[(int) (ok.length * 0.50)];
            long p99 = ok.length == 0 ? -1 : ok[Math.min(ok.length - 1, (int) (ok.length * 0.99))];
            System.out.printf("%-10s %-10s %-10s %-10s %-10s %-12s %-14s%n", "sessions", "completed", "p50_ms", "p99_ms", "wall_ms", "heap_used_MB", "platform_threads");
            System.out.printf("%-10d %-10d %-10d %-10d %-10d %-12d %-14d%n", n, completed.get(), p50, p99, wall, heapMb, peakThreads);
            System.out.println(all ? "all sessions completed" : "TIMEOUT: not all sessions completed");
            for (WebSocket ws : sockets) {
                ws.abort();
            }
        }
    }
}
