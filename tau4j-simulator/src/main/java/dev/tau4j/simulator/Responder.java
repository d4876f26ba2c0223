package dev.tau4j.simulator;

/**
 * Decides what the simulated model answers when a response starts.
 *
 * <p>Called on the session's own thread, once per {@code response.create} (or automatic VAD
 * response) that is not answered by a reply {@linkplain RealtimeSimulator#enqueue(Reply) enqueued}
 * on the simulator. Must not block for long: events of the session wait meanwhile.
 */
@FunctionalInterface
public interface Responder {
    /** Returns the reply for {@code ctx}; never {@code null}. */
    Reply respond(ResponseContext ctx);
}
