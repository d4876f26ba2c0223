package dev.tau4j.internal.recovery;

import dev.tau4j.internal.Threads;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ticks every session's watchdog from one task per period on the shared timer, instead of one timer
 * task per session: at 10,000 sessions with a 1 s period, the timer thread wakes once a second and
 * runs 10,000 cheap ticks in a row, rather than waking 10,000 times a second. Ticks must not block
 * (the watchdog's contract); one that throws is logged and the others go on.
 */
final class Ticker {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    /** The watchdogs by tick period in milliseconds; a period's task runs while it has any. */
    private static final Map<Long, Group> GROUPS = new ConcurrentHashMap<>();

    private Ticker() {
    }

    /** One period's watchdogs and the task that ticks them. */
    private static final class Group {
        final Set<Runnable> ticks = ConcurrentHashMap.newKeySet();
        /** Null until the first tick was added. Written under the group's lock. */
        ScheduledFuture<?> task;

        void run() {
            for (Runnable tick : ticks) {
                try {
                    tick.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "τ a watchdog tick failed; the others go on", e);
                }
            }
        }
    }

    /** Runs {@code tick} every {@code periodMillis} until the returned action is run. */
    static Runnable every(long periodMillis, Runnable tick) {
        Group g = GROUPS.computeIfAbsent(periodMillis, p -> new Group());
        synchronized (g) {
            g.ticks.add(tick);
            if (g.task == null) {
                g.task = Threads.TIMER.scheduleAtFixedRate(g::run, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
            }
        }
        return () -> g.ticks.remove(tick);
    }
}
