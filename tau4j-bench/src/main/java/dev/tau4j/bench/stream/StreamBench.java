package dev.tau4j.bench.stream;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The whole-process stream benchmark (issue 13): a loopback server plays the pre-serialised GA stream
 * ({@link GaStream}: per pass one response of N × (100 ms audio delta + transcript delta)), and client
 * processes run one after the other, each for all passes: tau4j through a real {@code Session} and
 * {@code response()} (its own transport, then the JDK one), tau4j without audio retention (the audio
 * consumed from the response handle's listener), a raw JDK WebSocket + Jackson tree +
 * Base64 client (the baseline) and a JDK WebSocket client that parses nothing (the floor). Prints
 * process CPU per event for each pass, allocated bytes per event and per audio delta, whole-process
 * CPU per event and peak RSS, and checks that every client decoded exactly what was sent.
 *
 * <p>Usage: {@code java -Xmx2g -cp tau4j-bench/target/benchmarks.jar dev.tau4j.bench.stream.StreamBench
 * [--deltas 20000] [--passes 3] [--runs 1] [--clients tau4j,tau4j-noretain,tau4j-jdk,jdk-jackson,jdk-only]}; the environment
 * variable {@code STREAM_CLIENT_JVM_ARGS} adds JVM options to every client (a profiler, a GC).
 */
public final class StreamBench {

    private StreamBench() {
    }

    record Run(String client, double[] usPerEvent, double[] allocPerEvent, double[] allocPerAudioDelta,
            double processUsPerEvent, long rssKb, boolean verified) {
    }

    public static void main(String[] args) throws Exception {
        int deltas = 20_000;
        int passes = 3;
        int runs = 1;
        List<String> clients = List.of("tau4j", "tau4j-noretain", "tau4j-jdk", "jdk-jackson", "jdk-only");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--deltas" -> deltas = Integer.parseInt(args[i + 1]);
                case "--passes" -> passes = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<GaStream> stream = new ArrayList<>();
        for (int p = 1; p <= passes; p++) {
            stream.add(new GaStream(p, deltas));
        }
        System.out.printf(Locale.ROOT, "stream: %d passes x (%d audio deltas of %d B PCM + %d transcript deltas + %d others)%n",
                passes, deltas, GaStream.PCM_BYTES, deltas, GaStream.FIXED_EVENTS);
        List<Run> results = new ArrayList<>();
        try (StreamServer server = new StreamServer(stream)) {
            for (int r = 0; r < runs; r++) {
                for (String client : clients) {
                    Run run = runClient(client, server.url(), stream, deltas);
                    results.add(run);
                    System.out.printf(Locale.ROOT, "run %d %-12s passes %s us/event, alloc %s B/event, %s B/audio delta;"
                                    + " process %.1f us/event; peak RSS %d MB; %s%n", r + 1, client,
                            format(run.usPerEvent), format(run.allocPerEvent), format(run.allocPerAudioDelta),
                            run.processUsPerEvent, run.rssKb / 1024, run.verified ? "decoded exactly what was sent" : "MISMATCH");
                }
            }
        }
        System.out.println();
        System.out.println("| client | CPU µs/event, pass 1 / 2 / 3 | steady pass (median of runs) | allocated B/event, steady | "
                + "allocated B per audio delta (+ its transcript delta), steady | whole process µs/event | peak RSS | verified |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String client : clients) {
            List<Run> mine = results.stream().filter(x -> x.client.equals(client)).toList();
            Run first = mine.get(0);
            double steady = median(mine.stream().mapToDouble(x -> x.usPerEvent[x.usPerEvent.length - 1]).toArray());
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.0f | %.0f | %.1f | %d MB | %s |%n", client,
                    format(first.usPerEvent), steady,
                    median(mine.stream().mapToDouble(x -> x.allocPerEvent[x.allocPerEvent.length - 1]).toArray()),
                    median(mine.stream().mapToDouble(x -> x.allocPerAudioDelta[x.allocPerAudioDelta.length - 1]).toArray()),
                    median(mine.stream().mapToDouble(Run::processUsPerEvent).toArray()),
                    (long) median(mine.stream().mapToDouble(x -> x.rssKb / 1024.0).toArray()),
                    mine.stream().allMatch(Run::verified) ? "yes" : "NO");
        }
    }

    private static Run runClient(String client, String url, List<GaStream> stream, int deltas) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        String extra = System.getenv("STREAM_CLIENT_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamClient.class.getName(), client, url,
                String.valueOf(stream.size()), String.valueOf(deltas)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        int passes = stream.size();
        double[] us = new double[passes];
        double[] alloc = new double[passes];
        double[] allocAudio = new double[passes];
        double processUs = 0;
        long rss = -1;
        boolean verified = true;
        int seen = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (line.startsWith("pass ")) {
                    int pass = Integer.parseInt(f[1]);
                    long events = Long.parseLong(f[3]);
                    us[pass - 1] = Long.parseLong(f[5]) / 1000.0 / events;
                    alloc[pass - 1] = (double) Long.parseLong(f[7]) / events;
                    allocAudio[pass - 1] = (double) Long.parseLong(f[7]) / deltas;
                    GaStream expected = stream.get(pass - 1);
                    boolean framesOnly = client.equals("jdk-only");
                    boolean ok = events == 2L * deltas + GaStream.FIXED_EVENTS
                            && (framesOnly || (Long.parseLong(f[9]) == expected.audioCrc
                            && Long.parseLong(f[11]) == expected.transcriptCrc));
                    verified &= ok;
                    seen++;
                } else if (line.startsWith("process ")) {
                    processUs = Long.parseLong(f[4]) / 1000.0 / Long.parseLong(f[2]);
                    rss = Long.parseLong(f[6]);
                } else {
                    System.out.println("  [" + client + "] " + line);
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            verified = false;
        }
        return new Run(client, us, alloc, allocAudio, processUs, rss, verified && seen == passes);
    }

    private static String format(double[] values) {
        return String.join(" / ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v))
                .toList());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
