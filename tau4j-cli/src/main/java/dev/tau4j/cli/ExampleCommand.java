package dev.tau4j.cli;

import dev.tau4j.examples.Examples;
import dev.tau4j.examples.Setup;
import dev.tau4j.Provider;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.SimDialect;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tau example NAME [ARG...]}: runs one of the seed's five examples (module
 * {@code tau4j-examples}), offline on the embedded simulator unless {@code OPENAI_API_KEY} (or
 * {@code TAU_REALTIME_URL}) is set. Without a name, or with an unknown one, lists them (exit 2).
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = {"Run one of the seed's five examples: translator, vocaloid, tutor, assistant, ensemble.",
                "Offline on the embedded simulator unless OPENAI_API_KEY (or TAU_REALTIME_URL) is set."})
final class ExampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The example to run.")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARG",
            description = "Its arguments (e.g. a WAV file of your voice for tutor).")
    List<String> args = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "tau-examples",
            description = "Where examples write their files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--pace", defaultValue = "realtime", converter = PaceOption.class,
            description = "Embedded simulator pace: realtime (default, audio at playback speed) or fast.")
    Pace pace;

    @Option(names = "--provider", paramLabel = "P", converter = ProviderOption.class,
            description = "Run offline on the simulator's dialect for openai, azure, xai or gemini (default: openai, or live with OPENAI_API_KEY).")
    Provider provider;

    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (name == null || !Examples.names().contains(name)) {
            stderr.println("tau: " + (name == null ? "which example?" : "no example '" + name + "'") + " Run one of:");
            for (String n : Examples.names()) {
                stderr.printf("  ./tau example %-10s  %s%n", n, Examples.summary(n));
            }
            stderr.flush();
            return ExitCodes.USAGE;
        }
        SimDialect dialect = provider == null ? SimDialect.OPENAI : ProviderOption.simulatorDialect(provider);
        try (Setup setup = Setup.fromEnvironment(env, Examples.offlineModel(name), pace, out, stdout, dialect)) {
            Examples.run(name, setup, args);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        stdout.flush();
        return ExitCodes.OK;
    }
}
