package dev.tau4j.cli;

import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tau simulator start}: serves the protocol simulator until stopped. */
@Command(name = "simulator", mixinStandardHelpOptions = true, description = "The offline OpenAI Realtime protocol simulator.",
        subcommands = SimulatorCommand.Start.class)
final class SimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, on stderr, and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the simulator on 127.0.0.1; prints 'listening on ws://…' first, serves until stopped.")
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}, 0 = any free port).",
                defaultValue = "0")
        int port;

        @Option(names = "--pace", description = "realtime (audio at playback speed) or fast (default: ${DEFAULT-VALUE}).",
                defaultValue = "fast", converter = PaceOption.class)
        Pace pace;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            }
            Foreground.run("tau-simulator", this::serve);
            return ExitCodes.OK;
        }

        /** Serves until {@code stop} opens or the thread is interrupted; always closes the simulator. */
        void serve(CountDownLatch stop) throws InterruptedException {
            try (RealtimeSimulator sim = RealtimeSimulator.builder().port(port).pace(pace).start()) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("listening on " + sim.url());
                out.flush();
                stop.await();
            }
        }
    }
}
