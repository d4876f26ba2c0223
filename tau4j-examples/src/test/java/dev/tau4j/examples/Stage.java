package dev.tau4j.examples;

import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimulatedSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** An example's test run: the simulator at fast pace with the example's offline model, and what it printed. */
final class Stage implements AutoCloseable {

    final RealtimeSimulator sim;
    final Setup setup;
    private final StringWriter printed = new StringWriter();

    Stage(String example, Path dir) {
        sim = RealtimeSimulator.builder().responder(Examples.offlineModel(example)).start();
        setup = Setup.of(sim, dir, new PrintWriter(printed, true));
    }

    String printed() {
        return printed.toString();
    }

    /** The simulator's sessions, in the order they connected. */
    List<SimulatedSession> sessions() {
        return sim.sessions();
    }

    @Override
    public void close() {
        setup.close();
        sim.close();
    }
}
