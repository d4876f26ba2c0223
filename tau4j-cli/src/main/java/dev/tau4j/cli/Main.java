package dev.tau4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code tau}: the tau4j command line. Wires the subcommands, routes library logging to one line
 * per record, and maps failures to one line on stderr and an exit code of {@link ExitCodes}.
 */
@Command(name = "tau", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "tau4j: realtime speech-to-speech AI from the command line (offline by default).",
        exitCodeListHeading = "%nExit codes:%n",
        subcommands = {DemoCommand.class, ExampleCommand.class, SayCommand.class, SimulatorCommand.class, DebugCommand.class,
                AudioCommand.class, CostCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line message; log records with theirs.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line with {@code args} and returns the exit code. */
    static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = configure(new CommandLine(new Main()));
        cl.getCommandSpec().usageMessage().exitCodeList(ExitCodes.helpList());
        return cl;
    }

    /**
     * Configures {@code cl} (the whole command line, or one command in tests): usage errors and
     * failures become one line on stderr and an exit code; library log records become one line each.
     */
    static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            err.println("tau: " + errorLine(e, line));
            if (verbose(parsed)) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(e);
        });
        cl.setExecutionStrategy(parsed -> {
            try (Logging logging = Logging.install(cl.getErr(), verbose(parsed))) {
                try {
                    return new CommandLine.RunLast().execute(parsed);
                } catch (CommandLine.ExecutionException e) {
                    logging.failedWith(errorLine(e.getCause(), e.getCommandLine()));
                    throw e;
                }
            }
        });
        return cl;
    }

    private static String errorLine(Throwable e, CommandLine line) {
        return ErrorLine.of(e, line.getCommandSpec().findOption("--timeout") != null ? "--timeout" : null);
    }

    /** One line: what was wrong, and where the usage is. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        String what = ErrorLine.strip(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            if (!unmatched.isEmpty() && !unmatched.getFirst().startsWith("-") && !line.getSubcommands().isEmpty()) {
                what = "unknown command '" + unmatched.getFirst() + "'";
            }
            if (!u.getSuggestions().isEmpty()) {
                what += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            }
        }
        err.println(line.getCommandSpec().qualifiedName() + ": " + what + "; see " + line.getCommandSpec().qualifiedName()
                + " --help");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** True if {@code --verbose} was given to any command on the line. */
    static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Without a command: the usage, on stderr, and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
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
