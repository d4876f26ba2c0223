package dev.tau4j.bench.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The streaming half of the scale harness, shared by both clients: paces 20 ms appends on every
 * session from one two-thread scheduler, measures the window (process CPU, allocation, send
 * lateness overall and per second, the deltas' delay) and prints it.
 */
final class Pacer {

    /** Bytes allocated by the JVM's threads (virtual threads' on their carriers). */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private Pacer() {
    }

    /** What the pacer does on session {@code i}. */
    interface Appender {
        /** Appends one chunk; false when refused. */
        boolean append(int i, byte[] pcm) throws Exception;

        /** Commits the input buffer without waiting on the pacing thread. */
        void commit(int i) throws Exception;
    }

    /**
     * Appends 20 ms of audio on each of {@code n} sessions every 20 ms (and commits every
     * {@code commitSeconds} of it, if not 0), measures the window and prints it.
     */
    static void run(int n, int window, int settle, int commitSeconds, Appender appender, Histogram delays,
            AtomicBoolean measuring) throws Exception {
        Histogram lateness = new Histogram();
        // The worst lateness in each second of the window: whether it is spread or comes in bursts.
        AtomicLongArray worstBySecond = new AtomicLongArray(window + 2);
        long[] windowStart = {0};
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        byte[] chunk = new byte[960];
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        List<ScheduledFuture<?>> tasks = new ArrayList<>();
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < n; i++) {
            int session = i;
            long phase = start + (20_000_000L * i) / n;
            long[] k = {0};
            tasks.add(timer.scheduleAtFixedRate(() -> {
                long due = phase + k[0]++ * 20_000_000L;
                try {
                    if (!appender.append(session, chunk)) {
                        refused.incrementAndGet();
                    }
                    long every = commitSeconds * 50L;   // appends per turn; turns spread over the sessions
                    if (every > 0 && (k[0] + session * every / n) % every == 0) {
                        appender.commit(session);
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
                if (measuring.get()) {
                    long now = System.nanoTime();
                    long micros = (now - due) / 1000;
                    lateness.add(micros);
                    int second = (int) Math.min(window + 1, Math.max(0, (now - windowStart[0]) / 1_000_000_000L));
                    worstBySecond.accumulateAndGet(second, micros, Math::max);
                }
            }, phase - System.nanoTime(), 20_000_000L, TimeUnit.NANOSECONDS));
        }
        Thread.sleep(settle * 1000L);
        windowStart[0] = System.nanoTime();
        java.time.LocalTime windowWallClock = java.time.LocalTime.now();
        measuring.set(true);
        long cpu0 = OS.getProcessCpuTime();
        long allocated0 = THREADS.getTotalThreadAllocatedBytes();
        long t0 = System.nanoTime();
        Thread.sleep(window * 1000L);
        measuring.set(false);
        long allocated = THREADS.getTotalThreadAllocatedBytes() - allocated0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        tasks.forEach(t -> t.cancel(false));
        timer.shutdown();
        System.out.printf(Locale.ROOT, "%d sessions streaming both ways for %.0f s: client CPU %.1f %% of a core"
                        + " (%.2f ms per session-second), %d appends refused, %d failed%n", n, seconds,
                cpu / seconds * 100, cpu * 1000 / seconds / n, refused.get(), failed.get());
        // Under load the process gets what the machine gives it; CPU per event is the cost.
        System.out.printf(Locale.ROOT, "client CPU per event (appends sent + deltas received in the window): %.1f µs%n",
                cpu * 1e6 / Math.max(1, lateness.count.get() + delays.count.get()));
        System.out.printf(Locale.ROOT, "allocated: %.1f MB/s, %.0f bytes per event%n", allocated / seconds / 1e6,
                allocated / (double) Math.max(1, lateness.count.get() + delays.count.get()));
        System.out.printf(Locale.ROOT, "send lateness: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d appends)%n",
                lateness.percentileMs(0.5), lateness.percentileMs(0.99), lateness.max.get() / 1000.0,
                lateness.count.get());
        StringBuilder worst = new StringBuilder();
        for (int i = 0; i < window; i++) {
            worst.append(i == 0 ? "" : " ").append(worstBySecond.get(i) / 1000);
        }
        System.out.println("worst send lateness by second of the window (from " + windowWallClock + "), ms: " + worst);
        System.out.printf(Locale.ROOT, "delta delay: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of %d deltas later than"
                        + " 100 ms%n", delays.percentileMs(0.5), delays.percentileMs(0.99), delays.max.get() / 1000.0,
                delays.over(100_000), delays.count.get());
    }
}
