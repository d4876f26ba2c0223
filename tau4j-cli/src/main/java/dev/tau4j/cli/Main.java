package dev.tau4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tau}: the tau4j command line. Wires the subcommands and maps failures to exit codes:
 * 0 success, 1 a response that did not complete, 2 usage error, 3 server or auth error,
 * 4 connection failure.
 */
@Command(name = "tau", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "tau4j: realtime speech-to-speech AI from the command line (offline by default).",
        subcommands = {DemoCommand.class, ExampleCommand.class, SayCommand.class, SimulatorCommand.class, DebugCommand.class,
                AudioCommand.class, CostCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line with {@code args} and returns the exit code. */
    static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** Maps exceptions of any command (or subcommand) to one stderr line and an exit code. */
    static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            err.println("tau: " + ExitCodes.describe(e));
            err.flush();
            return ExitCodes.of(e);
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/tau4j-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"tau4j " + p.getProperty("version", "unknown"), "Java " + Runtime.version()};
        }
    }
}
