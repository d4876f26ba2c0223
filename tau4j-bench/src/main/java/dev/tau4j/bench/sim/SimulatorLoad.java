package dev.tau4j.bench.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load harness for one simulator process: N sessions streaming both ways in real time for a
 * while, reporting every 30 s how late the output audio deltas arrive.
 *
 * <p>Each session connects (no key), turns server VAD off, then appends 20 ms of PCM16 audio every
 * 20 ms for the whole run, and keeps one response streaming: on {@code response.done} it clears
 * the input buffer, deletes the answer (so the conversation stays small, as a pruning client's
 * would) and asks for the next. The simulator must run at {@code --pace realtime}: a delta is
 * late by (arrival − first delta's arrival − audio before it in the response).
 *
 * <pre>{@code
 * ./tau simulator start --pace realtime --port 8765 &     # the server: its own JVM, G1, C2
 * java -cp tau4j-bench/target/benchmarks.jar dev.tau4j.bench.sim.SimulatorLoad ws://127.0.0.1:8765/v1/realtime 500 600
 * }</pre>
 * Arguments: URL, sessions (default 500), seconds (default 600). Exit code 1 when a delta was
 * later than 50 ms or a session failed.
 */
public final class SimulatorLoad {
    private static final String APPEND;

    static {
        byte[] pcm = new byte[20 * 48];
        for (int i = 0; i < pcm.length / 2; i++) {
            int s = (int) (3000 * Math.sin(2 * Math.PI * 200 * i / 24000.0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        APPEND = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
    }

    private final LongAdder deltas = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong windowMaxLateMicros = new AtomicLong();
    private final AtomicLong runMaxLateMicros = new AtomicLong();
    /** Lateness histogram of the whole run, 1 ms buckets up to 1 s. */
    private final LongAdder[] histogram = new LongAdder[1001];
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean running = true;

    private SimulatorLoad() {
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] = new LongAdder();
        }
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0] + "?model=gpt-realtime");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        System.exit(new SimulatorLoad().run(url, n, seconds) ? 0 : 1);
    }

    private boolean run(URI url, int n, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<Client> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Client c = new Client();
            c.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60)).buildAsync(url, c).get(60, TimeUnit.SECONDS);
            open.incrementAndGet();
            clients.add(c);
            c.control.add("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":null}}}}");
            c.control.add("{\"type\":\"response.create\"}");
        }
        // All connected first, then all stream: the measurement covers the steady state, not the ramp.
        for (int i = 0; i < n; i++) {
            Thread.ofVirtual().name("load-" + i).start(clients.get(i)::pump);
        }
        System.out.printf(Locale.ROOT, "%d sessions connected in %d ms; streaming for %d s%n", n, (System.nanoTime() - t0) / 1_000_000, seconds);
        System.out.printf(Locale.ROOT, "%-6s %-6s %-9s %-10s %-10s %-12s %-12s %-7s%n", "t_s", "open", "failed", "appends/s", "deltas/s",
                "responses/s", "max_late_ms", "errors");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long lastDeltas = 0;
        long lastAppends = 0;
        long lastResponses = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(30_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            long d = deltas.sum();
            long a = appends.sum();
            long r = responses.sum();
            System.out.printf(Locale.ROOT, "%-6d %-6d %-9d %-10d %-10d %-12.1f %-12.1f %-7d%n", (System.nanoTime() - t0) / 1_000_000_000L, open.get(),
                    failed.get(), (a - lastAppends) / 30, (d - lastDeltas) / 30, (r - lastResponses) / 30.0,
                    windowMaxLateMicros.getAndSet(0) / 1000.0, errors.sum());
            lastDeltas = d;
            lastAppends = a;
            lastResponses = r;
        }
        running = false;
        for (Client c : clients) {
            c.ws.abort();
        }
        long total = deltas.sum();
        System.out.printf(Locale.ROOT, "deltas %d, lateness p50 %d ms, p99 %d ms, p99.9 %d ms, max %.1f ms; error events %d; failed sessions %d%n", total,
                percentile(0.50), percentile(0.99), percentile(0.999), runMaxLateMicros.get() / 1000.0, errors.sum(), failed.get());
        boolean ok = runMaxLateMicros.get() <= 50_000 && failed.get() == 0 && errors.sum() == 0;
        System.out.println(ok ? "PASS: no delta later than 50 ms" : "FAIL");
        return ok;
    }

    /** The q-quantile of the lateness of the deltas measured (each response's first delta is the reference, not measured). */
    private long percentile(double q) {
        long total = 0;
        for (LongAdder bucket : histogram) {
            total += bucket.sum();
        }
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i].sum();
            if (seen >= Math.ceil(total * q)) {
                return i;
            }
        }
        return histogram.length;
    }

    private void late(long micros) {
        long m = Math.max(0, micros);
        histogram[(int) Math.min(histogram.length - 1, m / 1000)].increment();
        windowMaxLateMicros.accumulateAndGet(m, Math::max);
        runMaxLateMicros.accumulateAndGet(m, Math::max);
    }

    /** One session: its socket, its sender loop and what it reads. */
    private final class Client implements WebSocket.Listener {
        final ConcurrentLinkedQueue<String> control = new ConcurrentLinkedQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;
        /** Arrival of the response's first audio delta (ns), or 0 before it; reader thread only. */
        long firstDeltaNanos;
        /** Audio (µs) of the response's deltas before the current one; reader thread only. */
        long audioBeforeMicros;

        /** Sends queued control events, then one 20 ms append, every 20 ms on the wall clock. */
        void pump() {
            long next = System.nanoTime();
            try {
                while (running) {
                    for (String c = control.poll(); c != null; c = control.poll()) {
                        ws.sendText(c, true).get(10, TimeUnit.SECONDS);
                    }
                    ws.sendText(APPEND, true).get(10, TimeUnit.SECONDS);
                    appends.increment();
                    next += 20_000_000L;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(Duration.ofNanos(sleep));
                    }
                }
            } catch (Exception e) {
                if (running) {
                    failed.incrementAndGet();
                    open.decrementAndGet();
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                onFrame(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void onFrame(String frame) {
            long now = System.nanoTime();
            if (frame.startsWith("{\"type\":\"response.output_audio.delta\"")) {
                int at = frame.indexOf("\"delta\":\"") + 9;
                int chars = frame.indexOf('"', at) - at;
                long micros = chars * 3L / 4 / 48 * 1000;
                if (firstDeltaNanos == 0) {
                    firstDeltaNanos = now;
                    audioBeforeMicros = 0;
                } else {
                    late((now - firstDeltaNanos) / 1000 - audioBeforeMicros);
                }
                audioBeforeMicros += micros;
                deltas.increment();
            } else if (frame.startsWith("{\"type\":\"response.done\"")) {
                firstDeltaNanos = 0;
                responses.increment();
                int at = frame.indexOf("\"output\":[{\"id\":\"");
                if (at >= 0) {
                    int from = at + 17;
                    control.add("{\"type\":\"conversation.item.delete\",\"item_id\":\"" + frame.substring(from, frame.indexOf('"', from)) + "\"}");
                }
                control.add("{\"type\":\"input_audio_buffer.clear\"}");
                control.add("{\"type\":\"response.create\"}");
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                errors.increment();
                if (errors.sum() <= 5) {
                    System.out.println("error event: " + frame);
                }
            }
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (running) {
                failed.incrementAndGet();
                open.decrementAndGet();
            }
        }
    }
}
