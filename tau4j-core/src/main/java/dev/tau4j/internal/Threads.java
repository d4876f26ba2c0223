package dev.tau4j.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The library's shared threads. Never the common fork-join pool, which applications may saturate.
 */
public final class Threads {

    /** Runs short tasks and publisher deliveries, a virtual thread each. */
    public static final Executor VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * One daemon thread for every session's timers (response timeouts, watchdogs, time-to-live).
     * Its tasks never block: they complete a future or hand work to {@link #VIRTUAL}. Cancelled
     * tasks leave its queue at once.
     */
    public static final ScheduledThreadPoolExecutor TIMER = timer();

    private Threads() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tau4j-timer");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
