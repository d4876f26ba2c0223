package dev.tau4j.bench.soak;

import dev.tau4j.InputTranscription;
import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.internal.session.SessionDiagnostics;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.Response;
import dev.tau4j.ResponseStatus;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.ServerErrorException;
import dev.tau4j.SessionState;
import dev.tau4j.TauClient;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.TurnDetection;
import dev.tau4j.cost.PruningPolicy;
import dev.tau4j.simulator.SimAudio;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Soak harness for session recovery: ONE logical session through an hour of spoken conversation
 * at an accelerated pace, with periodic connection losses and rollovers, against the simulator in
 * a separate JVM ({@link SoakServer}) so that the heap measured is the client's alone.
 *
 * <p>Each turn the user speaks 1–3 s of {@link SimAudio#speech} in 100 ms chunks, paced at the
 * speed-up, commits it and waits for a spoken answer, of which the harness keeps nothing. Every
 * {@code drop-every} turns the live connection is lost during that turn's answer, after 1–8 audio
 * deltas: alternately a TCP drop and a 1011 close. The session cap, enforced by the simulator too,
 * is {@code cap-minutes} simulated minutes: from 90 % of it the session tries to roll over at a
 * pause; when it cannot, the server expires the connection and the session recovers as from a
 * loss. Simulated time is wall time × the speed-up.
 *
 * <p>Every {@code report-every} simulated minutes one row: turns, faults armed, connections the
 * server expired at the cap, reconnects and rollovers ({@link Session#recoveryStats()}), items
 * replayed, the journal's items and audio, entries in the session's registries of waiting calls
 * (0 between turns), heap used after a full GC, and lost responses: {@code response()} calls that
 * threw or did not complete (must be 0). Then the first, last and largest heap figure and the
 * heap's slope over the second half, flat when everything the session keeps is bounded.
 *
 * <p>Usage: {@code java -cp tau4j-bench/target/benchmarks.jar dev.tau4j.bench.soak.RecoverySoak
 * [--speed 30] [--minutes 60] [--drop-every 100] [--cap-minutes 5] [--journal-mib 4]
 * [--journal-items 400] [--prune-tokens 0] [--report-every 5]}; exits with 1 when a response was
 * lost or the session did not stay open.
 */
public final class RecoverySoak {
    /** Held so that its level sticks: recovery's INFO lines would bury the table (unless logging is configured). */
    private static final Logger TAU_LOG = Logger.getLogger("dev.tau4j");
    private static final int CHUNK_MS = 100;
    private static final String HEADER = "%7s %6s %6s %7s %10s %9s %9s %7s %11s %7s %11s %4s%n";
    private static final String ROW = "%7d %6d %6d %7d %10d %9d %9d %7d %11d %7d %11.1f %4d%n";

    private RecoverySoak() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        double speed = number(args, "speed", 30);
        int minutes = (int) number(args, "minutes", 60);
        int dropEvery = (int) number(args, "drop-every", 100);
        double capMinutes = number(args, "cap-minutes", 5);
        long journalBytes = (long) (number(args, "journal-mib", 4) * 1024 * 1024);
        int journalItems = (int) number(args, "journal-items", 400);
        long pruneTokens = (long) number(args, "prune-tokens", 0);
        int reportEvery = (int) number(args, "report-every", 5);
        Duration cap = Duration.ofMillis((long) (capMinutes * 60_000 / speed));
        if (System.getProperty("java.util.logging.config.file") == null) {
            TAU_LOG.setLevel(Level.WARNING);
        }

        System.out.printf("speed-up %.0f×: %d simulated minutes in ≈ %.0f s; a loss every %d turns; session cap"
                + " %.1f simulated minutes (%d ms); journal %d KiB / %d items; pruning %s; load average %.2f%n", speed,
                minutes, minutes * 60 / speed, dropEvery, capMinutes, cap.toMillis(), journalBytes / 1024, journalItems,
                pruneTokens > 0 ? "above " + pruneTokens + " tokens" : "off",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Process server = startServer(speed, cap);
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        BufferedReader serverOut = server.inputReader();
        PrintWriter serverIn = new PrintWriter(server.outputWriter(), true);
        String hello = serverOut.readLine();
        if (hello == null || !hello.startsWith("url ")) {
            throw new IllegalStateException("the simulator did not start: " + hello);
        }
        TauOptions options = TauOptions.builder().endpoint(hello.substring(4)).apiKey("sk-soak").name("soak")
                .pruning(pruneTokens > 0 ? PruningPolicy.keepInputUnder(pruneTokens) : null)
                .resilience(Resilience.DEFAULT.withSessionCap(cap).withReconnect(ReconnectPolicy.builder()
                        .journalAudioBytes(journalBytes).journalItems(journalItems).build()))
                .build();
        SessionOptions sessionOptions = SessionOptions.builder().instructions("Be brief.")
                .turnDetection(TurnDetection.disabled())
                .inputTranscription(InputTranscription.of("gpt-4o-mini-transcribe")).build();

        AtomicInteger recovered = new AtomicInteger();
        AtomicInteger rolledOver = new AtomicInteger();
        AtomicInteger expired = new AtomicInteger();
        byte[][] chunks = chunks(SimAudio.speech(Duration.ofSeconds(3)));
        Random random = new Random(42);
        List<double[]> heapByMinute = new ArrayList<>();
        int turns = 0;
        int faults = 0;
        int lost = 0;
        SessionState end;
        try (TauClient client = TauClient.create(options); Session session = client.connect(sessionOptions)) {
            session.addListener(new SessionListener() {
                @Override
                public void onStateChange(Session s, SessionState previous, SessionState current) {
                    if (current == SessionState.RECOVERED) {
                        recovered.incrementAndGet();
                    }
                }

                @Override
                public void onRollover(Session s, RecoveryStats stats) {
                    rolledOver.incrementAndGet();
                }

                @Override
                public void onError(Session s, TauException error) {
                    if (error instanceof ServerErrorException e && "session_expired".equals(e.code())) {
                        expired.incrementAndGet();
                    }
                }
            });
            System.out.printf(HEADER, "sim_min", "turns", "faults", "expired", "reconnects", "rollovers", "replayed",
                    "journal", "journal_KiB", "waiting", "heap_gc_MiB", "lost");
            long start = System.nanoTime();
            int nextRow = reportEvery;
            while (simulatedMs(start, speed) < minutes * 60_000L && session.state() != SessionState.FAILED) {
                if (turns > 0 && turns % dropEvery == 0) {
                    serverIn.println((faults % 2 == 0 ? "drop " : "close ") + (1 + random.nextInt(8)));
                    String answer = serverOut.readLine();
                    if (answer != null && answer.startsWith("armed")) {
                        faults++;
                    }
                }
                speak(session, chunks, 10 + random.nextInt(21), speed);
                try {
                    session.commitInputAudio();
                    Response answer = session.response();
                    if (answer.status() != ResponseStatus.COMPLETED) {
                        lost++;
                        System.err.println("turn " + turns + ": response " + answer.id() + " ended " + answer.status());
                    }
                } catch (TauException e) {
                    lost++;
                    System.err.println("turn " + turns + ": " + e);
                }
                turns++;
                if (simulatedMs(start, speed) >= nextRow * 60_000L) {
                    long heap = heapAfterGc();
                    heapByMinute.add(new double[] {nextRow, heap});
                    RecoveryStats stats = session.recoveryStats();
                    System.out.printf(ROW, nextRow, turns, faults, expired.get(), stats.reconnects(), stats.rollovers(),
                            stats.itemsReplayed(), SessionDiagnostics.journalItems(session),
                            SessionDiagnostics.journalAudioBytes(session) / 1024, SessionDiagnostics.waiting(session),
                            heap / 1048576.0, lost);
                    nextRow += reportEvery;
                }
            }
            end = session.state();
            RecoveryStats stats = session.recoveryStats();
            System.out.printf("session %s after %d turns in %.1f s wall; listeners saw %d recoveries and %d rollovers;"
                    + " %d connection attempts, %.1f s without a connection in all; the ledger keeps %d response and %d"
                    + " transcription entries%n", end, turns, (System.nanoTime() - start) / 1e9, recovered.get(),
                    rolledOver.get(), stats.attempts(), stats.totalOutage().toMillis() / 1000.0,
                    session.ledger().entries().size(), session.ledger().transcriptionEntries().size());
        } finally {
            serverIn.close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
        summarise(heapByMinute, minutes);
        System.out.printf("lost responses: %d; load average %.2f%n", lost,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(lost == 0 && end == SessionState.OPEN ? 0 : 1);
    }

    private static Process startServer(double speed, Duration cap) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-Xmx2g", "-Dslf4j.internal.verbosity=ERROR", "-cp",
                System.getProperty("java.class.path"), SoakServer.class.getName(), Double.toString(speed),
                Long.toString(cap.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The user speaks {@code tenths} × 100 ms of audio. */
    private static void speak(Session session, byte[][] chunks, int tenths, double speed) {
        long chunkNanos = (long) (CHUNK_MS * 1_000_000L / speed);
        long t0 = System.nanoTime();
        for (int i = 0; i < tenths; i++) {
            while (!session.appendInputAudio(chunks[i])) {
                LockSupport.parkNanos(chunkNanos);
            }
            // Pacing, not waiting for an event: the user speaks in real time, scaled by the speed-up.
            LockSupport.parkNanos(t0 + (i + 1) * chunkNanos - System.nanoTime());
        }
    }

    private static byte[][] chunks(byte[] audio) {
        int size = SimAudio.bytesFor(CHUNK_MS);
        byte[][] out = new byte[audio.length / size][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(audio, i * size, (i + 1) * size);
        }
        return out;
    }

    private static long simulatedMs(long startNanos, double speed) {
        return (long) ((System.nanoTime() - startNanos) / 1e6 * speed);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** First, last, max, and the least-squares slope of heap over the rows of the second half. */
    private static void summarise(List<double[]> rows, int minutes) {
        if (rows.isEmpty()) {
            return;
        }
        double max = rows.stream().mapToDouble(r -> r[1]).max().orElse(0);
        List<double[]> second = rows.stream().filter(r -> r[0] >= minutes / 2.0).toList();
        List<double[]> half = second.size() >= 2 ? second : rows;
        double n = half.size();
        double mx = half.stream().mapToDouble(r -> r[0]).sum() / n;
        double my = half.stream().mapToDouble(r -> r[1]).sum() / n;
        double sxy = half.stream().mapToDouble(r -> (r[0] - mx) * (r[1] - my)).sum();
        double sxx = half.stream().mapToDouble(r -> (r[0] - mx) * (r[0] - mx)).sum();
        double slope = sxx == 0 ? 0 : sxy / sxx;
        System.out.printf("heap after GC: first %.1f MiB, last %.1f MiB, max %.1f MiB; slope over minutes %d-%d:"
                + " %+.1f KiB per simulated minute (%+.2f MiB per hour)%n", rows.getFirst()[1] / 1048576.0,
                rows.getLast()[1] / 1048576.0, max / 1048576.0, (int) half.getFirst()[0], (int) half.getLast()[0],
                slope / 1024, slope * 60 / 1048576.0);
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            out.put(argv[i].substring(2), argv[i + 1]);
        }
        return out;
    }

    private static double number(Map<String, String> args, String name, double fallback) {
        String v = args.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }
}
