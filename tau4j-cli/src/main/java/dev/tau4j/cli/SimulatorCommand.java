package dev.tau4j.cli;

import dev.tau4j.simulator.BetaShape;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimDialect;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
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

        @Option(names = "--pace", defaultValue = "ahead", converter = PaceOption.class,
                description = "How fast output audio streams: ahead (2-4x playback, jittered, like the live service), realtime"
                        + " (playback speed), fast (at once), a multiple like 1.5x or a range like 2-3x (default: ${DEFAULT-VALUE}).")
        Pace pace;

        @Option(names = "--beta", defaultValue = "reject", converter = BetaOption.class,
                description = "Clients sending OpenAI-Beta: realtime=v1: reject (beta_api_shape_disabled + close 4000, like the"
                        + " live service) or serve (the beta protocol) (default: ${DEFAULT-VALUE}).")
        BetaShape beta;

        @Option(names = "--require-key", paramLabel = "KEY",
                description = "Accept only this API key (others: invalid_api_key + close 3000, none: close 3000; gemini: close 1008)."
                        + " Default: no key needed.")
        String requiredKey;

        @Option(names = "--record", paramLabel = "N", defaultValue = "0",
                description = "Keep the last N client events per session in memory (default: ${DEFAULT-VALUE}, off).")
        int record;

        @Option(names = "--ping", paramLabel = "SECONDS", defaultValue = "20",
                description = "Send a WebSocket PING every SECONDS, like the live service (default: ${DEFAULT-VALUE}; 0 = never).")
        int pingSeconds;

        @Option(names = "--dialect", defaultValue = "openai", converter = DialectOption.class,
                description = "Which provider's protocol to speak: openai, azure (path /openai/v1/realtime, api-key header)"
                        + ", xai (conversation.created first, hybrid session, top-level usage) or gemini (Gemini Live"
                        + " BidiGenerateContent: setup first, x-goog-api-key or ?key=, errors as close frames) (default: ${DEFAULT-VALUE}).")
        SimDialect dialect;

        @Option(names = "--seed", defaultValue = "42", description = "Seed for ids and jitter (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            }
            if (record < 0 || pingSeconds < 0) {
                throw new IllegalArgumentException("--record and --ping must be >= 0");
            }
            Foreground.run("tau-simulator", this::serve);
            return ExitCodes.OK;
        }

        /** Parses {@code --beta reject|serve}. */
        static final class BetaOption implements CommandLine.ITypeConverter<BetaShape> {
            @Override
            public BetaShape convert(String value) {
                return switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "reject" -> BetaShape.REJECT;
                    case "serve" -> BetaShape.SERVE;
                    default -> throw new CommandLine.TypeConversionException("expected reject or serve, got '" + value + "'");
                };
            }
        }

        /** Parses {@code --dialect openai|azure|xai|gemini}. */
        static final class DialectOption implements CommandLine.ITypeConverter<SimDialect> {
            @Override
            public SimDialect convert(String value) {
                return switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "openai" -> SimDialect.OPENAI;
                    case "azure" -> SimDialect.AZURE;
                    case "xai" -> SimDialect.XAI;
                    case "gemini" -> SimDialect.GEMINI;
                    default -> throw new CommandLine.TypeConversionException("expected openai, azure, xai or gemini, got '" + value + "'");
                };
            }
        }

        /** Serves until {@code stop} opens or the thread is interrupted; always closes the simulator. */
        void serve(CountDownLatch stop) throws InterruptedException {
            RealtimeSimulator.Builder b = RealtimeSimulator.builder().port(port).pace(pace).betaShape(beta).requiredApiKey(requiredKey)
                    .recording(record).pingInterval(pingSeconds == 0 ? null : Duration.ofSeconds(pingSeconds)).seed(seed).dialect(dialect);
            try (RealtimeSimulator sim = b.start()) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("listening on " + sim.url());
                out.println((dialect == SimDialect.OPENAI ? "" : "dialect " + dialect.name().toLowerCase(Locale.ROOT) + ", ") + "pace " + pace + ", beta " + beta.name().toLowerCase(Locale.ROOT) + ", "
                        + (requiredKey == null ? "no key needed" : "key required") + ", recording "
                        + (record == 0 ? "off" : "the last " + record + " client events per session")
                        + (pingSeconds == 0 ? ", no pings" : ", a ping every " + pingSeconds + " s"));
                out.flush();
                stop.await();
            }
        }
    }
}
