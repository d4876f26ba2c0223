package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults armed on one session and the counters their triggers are measured against.
 * Confined to the connection thread.
 */
final class Faults {
    /** An armed fault with the counters it is measured against. */
    private record Armed(Fault.Triggered<?> fault, long baseEvents, long baseAudio, long randomN) {}

    private final Connection conn;
    private final List<Armed> armed = new ArrayList<>();
    private long sentEvents;
    private long sentAudioDeltas;

    Faults(Connection conn) {
        this.conn = conn;
    }

    /** True when no fault waits for a trigger. */
    boolean isEmpty() {
        return armed.isEmpty();
    }

    void arm(Fault fault) {
        switch (fault) {
            case Fault.DelayEach d -> conn.delayNanos = d.delay().toNanos();
            case Fault.ExpireAfter x -> conn.expiryNanos = Math.min(conn.expiryNanos - System.nanoTime(), x.after().toNanos()) + System.nanoTime();
            case Fault.RejectHandshake r -> { }
            case Fault.BinaryFrames b -> conn.binaryFrames = true;
            case Fault.StaleHandle s -> {
                if (conn.gemini() != null) {
                    conn.gemini().staleHandles();
                }
            }
            case Fault.Triggered<?> t -> {
                long randomN = t.trigger() instanceof Fault.Trigger.AfterRandomEvents r ? r.min() + conn.ids.nextInt(r.max() - r.min() + 1) : 0;
                Armed a = new Armed(t, sentEvents, sentAudioDeltas, randomN);
                if (t.trigger() instanceof Fault.Trigger.Now) {
                    fire(a);
                } else {
                    armed.add(a);
                }
            }
        }
    }

    private void fire(Armed a) {
        armed.remove(a);
        switch (a.fault) {
            case Fault.Drop d -> {
                // Frames already written must still reach the client (they were sent before the drop);
                // an immediate abort could discard them from the socket buffers.
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                conn.socket().disconnect();
                conn.terminate();
            }
            case Fault.Close c -> {
                conn.close(c.code(), c.reason());
            }
            case Fault.Stall s -> conn.stalled = true;
            case Fault.MalformedFrame m -> conn.write("{\"type\":\"response.output_audio.delta\",\"event_id\":\"" + conn.ids.next("event") + "\",\"delta\":");
            case Fault.GoAway g -> {
                if (conn.gemini() != null) {
                    conn.gemini().goAway(g.timeLeft().toNanos());
                }
            }
            case Fault.UnknownEvent u when conn.gemini() != null -> {
                ObjectNode e = Json.obj();
                e.putObject(u.type()).put("note", "simulated unknown message");
                conn.write(Json.write(e));
            }
            case Fault.UnknownEvent u -> {
                ObjectNode e = conn.event(u.type());
                e.put("note", "simulated unknown event");
                conn.write(Json.write(e));
            }
        }
    }

    /** Fires the faults armed for client events of {@code type}. */
    void onClientEvent(String type) {
        for (Armed a : List.copyOf(armed)) {
            if (a.fault.trigger() instanceof Fault.Trigger.OnClientEvent t && t.type().equals(type)) {
                fire(a);
                if (conn.terminated()) {
                    return;
                }
            }
        }
    }

    /** Fires the faults that replace an event of {@code type}; true when the event must not go out. */
    boolean replaces(String type) {
        for (Armed a : List.copyOf(armed)) {
            if (a.fault.trigger() instanceof Fault.Trigger.InsteadOfEvent t && t.type().equals(type)) {
                fire(a);
                if (conn.terminated() || conn.stalled) {
                    return true;
                }
            }
        }
        return conn.stalled;
    }

    /** Counts an event that went out and fires the faults it triggers. */
    void sent(String type, boolean audio) {
        sentEvents++;
        if (audio) {
            sentAudioDeltas++;
        }
        for (Armed a : List.copyOf(armed)) {
            if (conn.terminated()) {
                return;
            }
            boolean hit = switch (a.fault.trigger()) {
                case Fault.Trigger.AfterEvents t -> sentEvents - a.baseEvents >= t.n();
                case Fault.Trigger.AfterRandomEvents t -> sentEvents - a.baseEvents >= a.randomN;
                case Fault.Trigger.AfterAudioDeltas t -> sentAudioDeltas - a.baseAudio >= t.k();
                case Fault.Trigger.AfterEvent t -> t.type().equals(type);
                default -> false;
            };
            if (hit) {
                fire(a);
            }
        }
    }
}
