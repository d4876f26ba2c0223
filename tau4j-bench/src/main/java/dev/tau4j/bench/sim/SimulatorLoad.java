package dev.tau4j.bench.sim;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

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
 * <p>The client is kept light so that it does not starve the server it shares the machine with
 * ({@link LoadSocket}): one selector thread reads all sessions, the append frame is serialised and
 * masked once, one thread writes every session's append on time (sessions spread over the 20 ms
 * in 20 slots), and deltas are counted and timed from their bytes without a String. On the JDK's
 * WebSocket client, and on tau4j's transport (a reader and a writer thread per connection), the
 * client cost about 45 µs of CPU per event at 150 sessions; this way 20 µs, and 12-14 µs at 500.
 *
 * <pre>{@code
 * ./tau simulator start --pace realtime --port 8765 &     # the server: its own JVM, G1, C2
 * java -cp tau4j-bench/target/benchmarks.jar dev.tau4j.bench.sim.SimulatorLoad ws://127.0.0.1:8765/v1/realtime 500 600
 * }</pre>
 * Arguments: URL, sessions (default 500), seconds (default 600), optionally the server's
 * process id (then each 30 s line also gives the server's CPU, from {@code /proc/PID/stat}, Linux,
 * in cores and per event: append sent or audio delta received; 0 for none), and optionally the
 * warm-up in seconds (default 60): the deltas of the warm-up, while a fresh server JVM compiles its
 * hot path with every session starting its first response at once, are reported apart (their
 * maximum) and left out of the percentiles and of the verdict; the 30 s lines show every window.
 * The run's seconds include the warm-up. Exit code 1 when a delta after the warm-up was later than
 * 50 ms or a session failed. A session more than 5 s of appends behind on its socket
 * counts as failed.
 */
public final class SimulatorLoad {
    private static final byte[] APPEND;
    private static final byte[] AUDIO_DELTA = ascii("{\"type\":\"response.output_audio.delta\"");
    private static final byte[] DONE = ascii("{\"type\":\"response.done\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] DELTA_FIELD = ascii("\"delta\":\"");
    private static final int SLOTS = 20;

    static {
        byte[] pcm = new byte[20 * 48];
        for (int i = 0; i < pcm.length / 2; i++) {
            int s = (int) (3000 * Math.sin(2 * Math.PI * 200 * i / 24000.0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        APPEND = LoadSocket.textFrame(ascii("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}"));
    }

    private final LongAdder deltas = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong windowMaxLateMicros = new AtomicLong();
    private final AtomicLong runMaxLateMicros = new AtomicLong();
    private final AtomicLong warmupMaxLateMicros = new AtomicLong();
    /** Deltas before this time are the warm-up's. */
    private volatile long measureFromNanos = System.nanoTime() + TimeUnit.DAYS.toNanos(1);
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
        long serverPid = args.length > 3 ? Long.parseLong(args[3]) : -1;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        if (warmup < 0 || warmup >= seconds) {
            throw new IllegalArgumentException("warm-up must be at least 0 and shorter than the run: " + warmup + " s of " + seconds);
        }
        System.exit(new SimulatorLoad().run(url, n, seconds, serverPid <= 0 ? -1 : serverPid, warmup) ? 0 : 1);
    }

    private boolean run(URI url, int n, int seconds, long serverPid, int warmup) throws Exception {
        Selector selector = Selector.open();
        List<Client> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Client c = new Client();
            c.ws = LoadSocket.open(url, c);
            c.ws.register(selector);
            open.incrementAndGet();
            clients.add(c);
        }
        Thread reader = Thread.ofPlatform().name("load-reader").daemon().start(() -> read(selector));
        for (Client c : clients) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":null}}}}");
            c.send("{\"type\":\"response.create\"}");
        }
        // All connected first, then all stream: the measurement covers the steady state, not the ramp.
        measureFromNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        Thread pump = Thread.ofPlatform().name("load-pump").daemon().start(() -> pump(clients));
        System.out.printf(Locale.ROOT, "%d sessions connected in %d ms; streaming for %d s%n", n, (System.nanoTime() - t0) / 1_000_000, seconds);
        System.out.printf(Locale.ROOT, "%-6s %-6s %-9s %-10s %-10s %-12s %-12s %-7s %-10s %s%n", "t_s", "open", "failed", "appends/s", "deltas/s",
                "responses/s", "max_late_ms", "errors", "client_cpu", serverPid > 0 ? "server_cpu (user+sys)  us/event" : "");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = System.nanoTime();
        long lastDeltas = 0;
        long lastAppends = 0;
        long lastResponses = 0;
        long lastCpu = processCpuNanos();
        long[] lastServer = serverTicks(serverPid);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(30_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            long now = System.nanoTime();
            double window = (now - last) / 1e9;
            long d = deltas.sum();
            long a = appends.sum();
            long r = responses.sum();
            long cpu = processCpuNanos();
            long[] server = serverTicks(serverPid);
            String serverCpu = "";
            if (server != null && lastServer != null) {
                double user = (server[0] - lastServer[0]) / 100.0 / window;
                double sys = (server[1] - lastServer[1]) / 100.0 / window;
                serverCpu = String.format(Locale.ROOT, "%.2f (%.2f+%.2f)  %.1f", user + sys, user, sys,
                        (user + sys) * window * 1e6 / Math.max(1, (a - lastAppends) + (d - lastDeltas)));
            }
            lastServer = server;
            System.out.printf(Locale.ROOT, "%-6d %-6d %-9d %-10d %-10d %-12.1f %-12.1f %-7d %-10.2f %s%n", (now - t0) / 1_000_000_000L, open.get(),
                    failed.get(), Math.round((a - lastAppends) / window), Math.round((d - lastDeltas) / window), (r - lastResponses) / window,
                    windowMaxLateMicros.getAndSet(0) / 1000.0, errors.sum(), (cpu - lastCpu) / 1e9 / window, serverCpu);
            last = now;
            lastDeltas = d;
            lastAppends = a;
            lastResponses = r;
            lastCpu = cpu;
        }
        running = false;
        pump.join(1000);
        selector.wakeup();
        reader.join(1000);
        for (Client c : clients) {
            c.ws.end("run over");
        }
        long total = deltas.sum();
        System.out.printf(Locale.ROOT, "appends %d, deltas %d; warm-up (first %d s): max %.1f ms late; after it: lateness p50 %d ms, p99 %d ms, p99.9 %d ms, max %.1f ms; error events %d; failed sessions %d%n",
                appends.sum(), total, warmup, warmupMaxLateMicros.get() / 1000.0, percentile(0.50), percentile(0.99), percentile(0.999),
                runMaxLateMicros.get() / 1000.0, errors.sum(), failed.get());
        boolean ok = runMaxLateMicros.get() <= 50_000 && failed.get() == 0 && errors.sum() == 0;
        System.out.println(ok ? "PASS: no delta later than 50 ms after the warm-up" : "FAIL");
        return ok;
    }

    /** The selector thread: reads every session's messages, writes what a socket could not take at once. */
    private void read(Selector selector) {
        try {
            while (running) {
                selector.select(key -> {
                    LoadSocket s = (LoadSocket) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        s.writable();
                    }
                    if (key.isValid() && key.isReadable()) {
                        s.readable();
                    }
                });
            }
        } catch (IOException e) {
            System.out.println("selector failed: " + e);
        }
    }

    /** Every 20 ms, one append per session, sessions spread over {@link #SLOTS} slots of 1 ms. */
    private void pump(List<Client> clients) {
        long next = System.nanoTime();
        for (long tick = 0; running; tick++) {
            int slot = (int) (tick % SLOTS);
            for (int i = slot; i < clients.size(); i += SLOTS) {
                clients.get(i).append();
            }
            next += 20_000_000L / SLOTS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
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
        if (System.nanoTime() - measureFromNanos < 0) {
            windowMaxLateMicros.accumulateAndGet(m, Math::max);
            warmupMaxLateMicros.accumulateAndGet(m, Math::max);
            return;
        }
        histogram[(int) Math.min(histogram.length - 1, m / 1000)].increment();
        windowMaxLateMicros.accumulateAndGet(m, Math::max);
        runMaxLateMicros.accumulateAndGet(m, Math::max);
    }

    /** The server's user and system CPU in clock ticks (1/100 s), or null without a pid or /proc. */
    private static long[] serverTicks(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] buf, int offset, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(buf, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    /** One session: its socket and what it reads (on the selector thread). */
    private final class Client implements LoadSocket.Handler {
        LoadSocket ws;
        /** Arrival of the response's first audio delta (ns), or 0 before it; reader thread only. */
        long firstDeltaNanos;
        /** Audio (µs) of the response's deltas before the current one; reader thread only. */
        long audioBeforeMicros;

        void send(String json) {
            ws.send(LoadSocket.textFrame(json.getBytes(StandardCharsets.UTF_8)));
        }

        /** Called by the pump: one append. */
        void append() {
            if (!ws.ended()) {
                ws.send(APPEND);
                appends.increment();
            }
        }

        @Override
        public void onEnd(LoadSocket socket, String why) {
            if (running) {
                failed.incrementAndGet();
                open.decrementAndGet();
                if (failed.get() <= 5) {
                    System.out.println("session ended: " + why);
                }
            }
        }

        @Override
        public void onText(LoadSocket socket, byte[] buf, int offset, int length) {
            long now = System.nanoTime();
            if (startsWith(buf, offset, length, AUDIO_DELTA)) {
                long micros = deltaChars(buf, offset, length) * 3L / 4 / 48 * 1000;
                if (firstDeltaNanos == 0) {
                    firstDeltaNanos = now;
                    audioBeforeMicros = 0;
                } else {
                    late((now - firstDeltaNanos) / 1000 - audioBeforeMicros);
                }
                audioBeforeMicros += micros;
                deltas.increment();
            } else if (startsWith(buf, offset, length, DONE)) {
                firstDeltaNanos = 0;
                responses.increment();
                String frame = new String(buf, offset, length, StandardCharsets.UTF_8);
                int at = frame.indexOf("\"output\":[{\"id\":\"");
                if (at >= 0) {
                    int from = at + 17;
                    send("{\"type\":\"conversation.item.delete\",\"item_id\":\"" + frame.substring(from, frame.indexOf('"', from)) + "\"}");
                }
                send("{\"type\":\"input_audio_buffer.clear\"}");
                send("{\"type\":\"response.create\"}");
            } else if (startsWith(buf, offset, length, ERROR)) {
                errors.increment();
                if (errors.sum() <= 5) {
                    System.out.println("error event: " + new String(buf, offset, length, StandardCharsets.UTF_8));
                }
            }
        }

        /** Characters of the delta's base64: it is the last field ({@code …"delta":"…"}}), else found by a scan. */
        private static int deltaChars(byte[] buf, int offset, int length) {
            int end = offset + length;
            for (int i = offset + AUDIO_DELTA.length; i + DELTA_FIELD.length <= end; i++) {
                if (buf[i] == '"' && Arrays.equals(buf, i, i + DELTA_FIELD.length, DELTA_FIELD, 0, DELTA_FIELD.length)) {
                    int from = i + DELTA_FIELD.length;
                    if (buf[end - 1] == '}' && buf[end - 2] == '"' && end - 2 >= from) {
                        return end - 2 - from;
                    }
                    int to = from;
                    while (to < end && buf[to] != '"') {
                        to++;
                    }
                    return to - from;
                }
            }
            return 0;
        }

    }
}
