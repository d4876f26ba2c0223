package dev.tau4j.internal.recovery;

import dev.tau4j.internal.Threads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Ticks every session's watchdog from one task per period on the shared timer, instead of one timer
 * task per session. Each tick says when it next has something to do; at each period the task runs
 * only the ticks that are due (or were {@linkplain Handle#poke() poked}), reading one dense array of
 * due times for the rest: at 10,000 idle sessions, each due every ~15 s, that is ~700 ticks a second
 * and a scan of 80 KB, not 10,000 sessions' worth of objects. Ticks must not block (the watchdog's
 * contract); one that throws is logged, checked again at the next period, and the others go on.
 */
final class Ticker {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    /** The groups by tick period in milliseconds; a period's task runs while it has any tick. */
    private static final Map<Long, Group> GROUPS = new ConcurrentHashMap<>();

    private Ticker() {
    }

    /** A registered tick. */
    interface Handle {
        /** Runs the tick at the next period, whatever it said its next due time was. */
        void poke();

        /** Stops the ticks. */
        void cancel();
    }

    /** One period's ticks: entries and their due times (System.nanoTime) side by side; guarded by the group. */
    private static final class Group {
        private Entry[] entries = new Entry[16];
        private long[] due = new long[16];
        private int size;
        private final Queue<Entry> poked = new ConcurrentLinkedQueue<>();
        /** Null until the first tick was added. */
        private ScheduledFuture<?> task;

        synchronized void add(Entry e, long now) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
                due = Arrays.copyOf(due, size * 2);
            }
            e.index = size;
            entries[size] = e;
            due[size] = now;
            size++;
        }

        synchronized void remove(Entry e) {
            int i = e.index;
            if (i < 0) {
                return;
            }
            size--;
            entries[i] = entries[size];
            due[i] = due[size];
            entries[i].index = i;
            entries[size] = null;
            e.index = -1;
        }

        /** The ticks that are due, run outside the group's lock (a tick may wait briefly for its session's). */
        void run() {
            long now = System.nanoTime();
            List<Entry> running = new ArrayList<>();
            synchronized (this) {
                Entry p;
                while ((p = poked.poll()) != null) {
                    if (p.index >= 0) {
                        due[p.index] = now;
                    }
                }
                for (int i = 0; i < size; i++) {
                    if (now - due[i] >= 0) {
                        due[i] = now + (1L << 62);   // not again until its tick says when
                        running.add(entries[i]);
                    }
                }
            }
            for (Entry e : running) {
                long next;
                try {
                    next = e.tick.applyAsLong(now);
                } catch (RuntimeException ex) {
                    next = now;
                    LOG.log(System.Logger.Level.WARNING, "τ a watchdog tick failed; the others go on", ex);
                }
                synchronized (this) {
                    if (e.index >= 0) {
                        due[e.index] = next;
                    }
                }
            }
        }
    }

    private static final class Entry implements Handle {
        final Group group;
        final LongUnaryOperator tick;
        /** Its place in the group's arrays, or -1 once cancelled; guarded by the group. */
        int index = -1;

        Entry(Group group, LongUnaryOperator tick) {
            this.group = group;
            this.tick = tick;
        }

        @Override
        public void poke() {
            group.poked.add(this);
        }

        @Override
        public void cancel() {
            group.remove(this);
        }
    }

    /**
     * Runs {@code tick} every {@code periodMillis} while it is due: it gets the current
     * {@link System#nanoTime()} and returns when it next has something to do (a time not after
     * {@code now} means "at the next period").
     */
    static Handle every(long periodMillis, LongUnaryOperator tick) {
        Group g = GROUPS.computeIfAbsent(periodMillis, p -> new Group());
        Entry e = new Entry(g, tick);
        synchronized (g) {
            g.add(e, System.nanoTime());
            if (g.task == null) {
                g.task = Threads.TIMER.scheduleAtFixedRate(g::run, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
            }
        }
        return e;
    }
}
