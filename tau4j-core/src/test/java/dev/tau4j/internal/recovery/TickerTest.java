package dev.tau4j.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The shared timer runs a tick only when it said it is due, or when poked; a cancelled tick stops. */
class TickerTest {

    /** A period no other test uses, so that these ticks have their own group. */
    private static final long PERIOD = 7;

    /** Waits for {@code n} more runs counted on {@code runs}, up to 10 s. */
    private static void awaitRuns(Semaphore runs, int n) throws InterruptedException {
        assertThat(runs.tryAcquire(n, 10, TimeUnit.SECONDS)).as("%d runs within 10 s", n).isTrue();
    }

    /** A tick due at every period that counts its runs. */
    private static LongUnaryOperator dueEachPeriod(Semaphore runs, AtomicInteger count) {
        return now -> {
            count.incrementAndGet();
            runs.release();
            return now;
        };
    }

    @Test
    void aTickRunsWhenDueOrPokedAndNotInBetween() throws Exception {
        AtomicInteger idle = new AtomicInteger();
        Semaphore idleRuns = new Semaphore(0);
        Ticker.Handle later = Ticker.every(PERIOD, now -> {
            idle.incrementAndGet();
            idleRuns.release();
            return now + TimeUnit.DAYS.toNanos(1);
        });
        Semaphore busyRuns = new Semaphore(0);
        Ticker.Handle everyPeriod = Ticker.every(PERIOD, dueEachPeriod(busyRuns, new AtomicInteger()));
        try {
            awaitRuns(idleRuns, 1);
            awaitRuns(busyRuns, 10);
            assertThat(idle).as("not due for a day: ten periods went by without it").hasValue(1);

            later.poke();
            awaitRuns(idleRuns, 1);
            busyRuns.drainPermits();
            awaitRuns(busyRuns, 10);
            assertThat(idle).as("a poke runs it once").hasValue(2);
        } finally {
            later.cancel();
            everyPeriod.cancel();
        }
    }

    @Test
    void aCancelledTickStopsAndAThrowingOneDoesNotStopTheOthers() throws Exception {
        long period = PERIOD + 4;
        AtomicInteger cancelled = new AtomicInteger();
        Semaphore cancelledRuns = new Semaphore(0);
        Ticker.Handle gone = Ticker.every(period, dueEachPeriod(cancelledRuns, cancelled));
        AtomicInteger throwing = new AtomicInteger();
        Ticker.Handle bad = Ticker.every(period, now -> {
            throwing.incrementAndGet();
            throw new IllegalStateException("a broken watchdog");
        });
        Semaphore otherRuns = new Semaphore(0);
        Ticker.Handle good = Ticker.every(period, dueEachPeriod(otherRuns, new AtomicInteger()));
        try {
            awaitRuns(cancelledRuns, 1);
            gone.cancel();
            int atCancel = cancelled.get();
            otherRuns.drainPermits();
            awaitRuns(otherRuns, 11);   // the throwing tick may run after this one in each period
            assertThat(cancelled.get()).as("at most a run already under way").isLessThanOrEqualTo(atCancel + 1);
            assertThat(throwing.get()).as("a tick that throws is tried again each period").isGreaterThanOrEqualTo(10);
        } finally {
            bad.cancel();
            good.cancel();
        }
    }
}
