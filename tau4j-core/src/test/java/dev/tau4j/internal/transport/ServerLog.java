package dev.tau4j.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a conformance peer reports about each scenario ("pong /path …", "closed /path 1009 …"), for
 * the test to await by prefix. Lines awaited by nobody yet are kept for a later await.
 */
final class ServerLog {

    private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    /** Lines taken off the queue while looking for another prefix; guarded by itself. */
    private final List<String> seen = new ArrayList<>();

    void add(String line) {
        arrived.add(line);
    }

    /** The first line starting with {@code prefix}, waiting up to 10 s; null if none came. */
    String await(String prefix) throws InterruptedException {
        synchronized (seen) {
            for (String line : seen) {
                if (line.startsWith(prefix)) {
                    seen.remove(line);
                    return line;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String line = arrived.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                seen.add(line);
            }
            return null;
        }
    }
}
