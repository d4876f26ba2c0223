package dev.tau4j.bench.scale;

import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import dev.tau4j.TurnDetection;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.recovery.ReconnectPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale harness (issue 13), whole processes on loopback: this JVM is the client, a
 * {@link ScalePeer} process the server, so the CPU measured here is the client's alone.
 *
 * <ul>
 * <li>{@code idle}: opens N sessions with default options and measures the heap they hold (used
 *     heap after full GCs, before and after, divided by N) and the client process's CPU over a
 *     window while they sit idle (the peer pings each every 20 s).</li>
 * <li>{@code stream}: N sessions each append 20 ms of PCM16 24 kHz every 20 ms (one shared
 *     scheduler, two threads) while the peer sends each a 100 ms audio delta every 100 ms; prints the
 *     send lateness (start of each {@code appendInputAudio} call against its schedule, plus the call)
 *     p50 / p99 / max, delta delay (arrival against the peer's send time in the event id) p50 / p99
 *     / max, deltas later than 100 ms, and the client's CPU per session.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp tau4j-bench/target/benchmarks.jar dev.tau4j.bench.scale.ScaleBench
 * idle|stream [--sessions N] [--window seconds] [--settle seconds] [--ping-seconds S] [--client tau4j|floor]
 * [--recovery on|off] [--peer-cpu N] [--commit-seconds S]} ({@code --commit-seconds}: each stream
 * session commits its input every S seconds of audio, as turns would; the peer answers as the server)
 * (the peer's ping interval, 20 s by default, as OpenAI's; {@code --client floor} runs {@link FloorClient}
 * instead of tau4j, the least any client must do with the same sockets: run it in the same session as
 * tau4j's, alternating, as the baseline; {@code --peer-cpu 1} runs the peer under {@code taskset -c 1}, so that
 * with this JVM under {@code taskset -c 0} "sessions per client core" is what one core does)
 *
 * <p>With recovery on and {@code --commit-seconds}, the journal fills for {@code journalAudioAge}
 * (2 minutes) before it lets go of its oldest turns: a window that ends before that measures the
 * filling, not an hour-long call. Settle 150 s for the steady state.
 */
public final class ScaleBench {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The peer's standard input (commands) and its {@code count} replies. */
    private static OutputStream peerIn;
    private static LinkedBlockingQueue<String> counts;

    private ScaleBench() {
    }

    /** The keepalive pings the peer has received from the clients so far. */
    private static long clientPings() throws Exception {
        peerIn.write("count\n".getBytes(StandardCharsets.UTF_8));
        peerIn.flush();
        String reply = counts.poll(30, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException("the peer did not answer a count");
        }
        return Long.parseLong(reply.split(" ")[1]);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int sessions = mode.equals("idle") ? 10_000 : 500;
        int window = 60;
        int settle = 25;
        int pingSeconds = 20;
        boolean floor = false;
        String peerCpu = null;
        int commitSeconds = 0;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                case "--window" -> window = Integer.parseInt(args[i + 1]);
                case "--settle" -> settle = Integer.parseInt(args[i + 1]);
                case "--ping-seconds" -> pingSeconds = Integer.parseInt(args[i + 1]);
                case "--recovery" -> recovery = switch (args[i + 1]) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--recovery is on or off");
                };
                case "--peer-cpu" -> peerCpu = args[i + 1];
                case "--commit-seconds" -> commitSeconds = Integer.parseInt(args[i + 1]);
                case "--client" -> floor = switch (args[i + 1]) {
                    case "tau4j" -> false;
                    case "floor" -> true;
                    default -> throw new IllegalArgumentException("--client is tau4j or floor");
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        if (peerCpu != null) {
            command.addAll(List.of("taskset", "-c", peerCpu));   // the peer on a core of its own (Linux)
        }
        command.addAll(List.of(java.toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                ScalePeer.class.getName(), mode, String.valueOf(pingSeconds * 1000L)));
        Process peer = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader peerOut = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        String first = peerOut.readLine();
        while (first != null && !first.startsWith("port ")) {
            System.out.println("  [peer] " + first);
            first = peerOut.readLine();
        }
        if (first == null) {
            throw new IllegalStateException("the peer did not start");
        }
        String url = "ws://127.0.0.1:" + first.substring(5).trim() + "/v1/realtime";
        counts = new LinkedBlockingQueue<>();
        Thread relay = Thread.ofPlatform().daemon().start(() -> {
            try {
                String line;
                while ((line = peerOut.readLine()) != null) {
                    if (line.startsWith("count ")) {
                        counts.add(line);
                    } else {
                        System.out.println("  [peer] " + line);
                    }
                }
            } catch (java.io.IOException e) {
                System.out.println("  [peer] output lost: " + e);
            }
        });
        peerIn = peer.getOutputStream();
        try {
            System.out.println("client: " + (floor ? "floor (raw channels, no library)" : "tau4j, default options"));
            if (mode.equals("idle")) {
                idle(url, sessions, window, settle, floor);
            } else {
                stream(url, sessions, window, settle, floor, commitSeconds);
            }
        } finally {
            peerIn.close();
            relay.join(30_000);
            peer.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** Whether sessions recover (the default) and so keep a journal; {@code --recovery off} turns it off. */
    private static boolean recovery = true;

    private static TauClient client(String url) {
        TauOptions.Builder b = TauOptions.builder().endpoint(url).apiKey("sk-bench");
        if (!recovery) {
            b.reconnect(ReconnectPolicy.NONE);
        }
        return TauClient.create(b.build());
    }

    /** Opens {@code n} sessions, at most 64 handshakes at a time. */
    private static List<Session> open(TauClient client, int n, SessionOptions options, SessionListener listener)
            throws Exception {
        List<Session> out = java.util.Collections.synchronizedList(new ArrayList<>(n));
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            CompletableFuture<Void> f = new CompletableFuture<>();
            all.add(f);
            Thread.ofVirtual().start(() -> {
                try {
                    Session s = client.connect(options);
                    if (listener != null) {
                        s.addListener(listener);
                    }
                    out.add(s);
                    f.complete(null);
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                } finally {
                    inFlight.release();
                }
            });
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "opened %d sessions in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void idle(String url, int n, int window, int settle, boolean floor) throws Exception {
        if (floor) {
            try (FloorClient client = new FloorClient(url, n, sent -> { })) {
                Thread.sleep(settle * 1000L);
                long cpu0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                Thread.sleep(window * 1000L);
                double cpu = (OS.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
                System.out.printf(Locale.ROOT, "idle CPU over %d s: %.2f %% of a core (%d connections)%n", window,
                        cpu * 100, client.size());
            }
            return;
        }
        try (TauClient client = client(url)) {
            long before = usedHeapAfterGc();
            List<Session> sessions = open(client, n, SessionOptions.DEFAULTS, null);
            // Past the peer's first pings (20 s), so each session has learnt that the server pings.
            Thread.sleep(settle * 1000L);
            long after = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "heap: %.1f MiB before, %.1f MiB with %d idle sessions: %.1f KiB per session%n",
                    before / 1048576.0, after / 1048576.0, n, (after - before) / 1024.0 / n);
            long pings0 = clientPings();
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L);
            double cpu = (OS.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
            long pings = clientPings() - pings0;
            long open = sessions.stream().filter(s -> s.state() == dev.tau4j.SessionState.OPEN).count();
            System.out.printf(Locale.ROOT, "idle CPU over %d s: %.2f %% of a core (%d of %d sessions open, %d reconnects,"
                            + " %d keepalive pings sent in the window)%n", window, cpu * 100, open, n,
                    sessions.stream().mapToLong(s -> s.recoveryStats().reconnects()).sum(), pings);
            sessions.forEach(Session::close);
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static void stream(String url, int n, int window, int settle, boolean floor, int commitSeconds)
            throws Exception {
        Histogram delays = new Histogram();
        java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
        if (floor) {
            try (FloorClient client = new FloorClient(url, n, sent -> {
                if (measuring.get()) {
                    delays.add(epochMicros() - sent);
                }
            })) {
                System.out.printf(Locale.ROOT, "opened %d connections%n", client.size());
                Pacer.run(n, window, settle, commitSeconds, new Pacer.Appender() {
                    @Override
                    public boolean append(int i, byte[] pcm) throws Exception {
                        client.append(i, pcm);
                        return true;
                    }

                    @Override
                    public void commit(int i) throws Exception {
                        client.text(i, "{\"type\":\"input_audio_buffer.commit\"}");
                    }
                }, delays, measuring);
            }
            return;
        }
        SessionListener listener = new SessionListener() {
            @Override
            public void onEvent(Session session, ServerEvent event) {
                if (event instanceof ResponseOutputAudioDelta d && measuring.get()) {
                    delays.add(epochMicros() - Long.parseLong(d.eventId().substring(3)));
                }
            }
        };
        try (TauClient client = client(url)) {
            List<Session> sessions = open(client, n,
                    SessionOptions.builder().turnDetection(TurnDetection.disabled()).build(), listener);
            AtomicLong failedCommits = new AtomicLong();
            Pacer.run(n, window, settle, commitSeconds, new Pacer.Appender() {
                @Override
                public boolean append(int i, byte[] pcm) {
                    return sessions.get(i).appendInputAudio(pcm);
                }

                @Override
                public void commit(int i) {
                    Thread.startVirtualThread(() -> {   // it waits for the server's answer
                        try {
                            sessions.get(i).commitInputAudio();
                        } catch (RuntimeException e) {
                            failedCommits.incrementAndGet();
                        }
                    });
                }
            }, delays, measuring);
            if (commitSeconds > 0) {
                System.out.printf(Locale.ROOT, "%d commits failed%n", failedCommits.get());
            }
            // the journals' committed turns live in direct memory (HeldAudio): how much, at the end of the window
            for (java.lang.management.BufferPoolMXBean pool
                    : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) {
                    System.out.printf(Locale.ROOT, "direct memory: %.0f MiB in %d buffers%n",
                            pool.getMemoryUsed() / 1048576.0, pool.getCount());
                }
            }
            sessions.forEach(Session::close);
        }
    }
}
