package dev.tau4j.bench.scale;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Latencies for the scale harness: counts in 0.1 ms buckets up to 2 s, and the maximum. Thread-safe. */
final class Histogram {

    final AtomicLongArray buckets = new AtomicLongArray(20_001);
    final AtomicLong max = new AtomicLong();
    final AtomicLong count = new AtomicLong();

    void add(long micros) {
        buckets.incrementAndGet((int) Math.min(20_000, Math.max(0, micros / 100)));
        max.accumulateAndGet(micros, Math::max);
        count.incrementAndGet();
    }

    double percentileMs(double p) {
        long target = (long) Math.ceil(count.get() * p);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= target && target > 0) {
                return (i + 1) / 10.0;
            }
        }
        return Double.NaN;
    }

    long over(long micros) {
        long n = 0;
        for (int i = (int) (micros / 100); i < buckets.length(); i++) {
            n += buckets.get(i);
        }
        return n;
    }
}
