package dev.tau4j.simulator;

import java.util.ArrayDeque;
import java.util.List;

/** The client events one session keeps for tests: the last {@code limit}, oldest dropped; none when the limit is 0. Thread-safe. */
final class Recorder {
    private final RealtimeSimulator sim;
    private final int limit;
    /** Guarded by itself. */
    private final ArrayDeque<RecordedEvent> events = new ArrayDeque<>();

    Recorder(RealtimeSimulator sim, int limit) {
        this.sim = sim;
        this.limit = limit;
    }

    /** False when nothing is kept (limit 0). */
    boolean enabled() {
        return limit > 0;
    }

    void record(String sessionId, String type, String json) {
        if (limit <= 0) {
            return;
        }
        RecordedEvent r = new RecordedEvent(sessionId, type, json);
        synchronized (events) {
            if (events.size() >= limit) {
                events.removeFirst();
            }
            events.addLast(r);
        }
        sim.recorded(r);
    }

    List<RecordedEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
