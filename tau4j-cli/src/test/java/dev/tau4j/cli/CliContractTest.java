package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The rules every command follows: help, the exit code table, one-line errors in words. */
@Timeout(60)
class CliContractTest {

    /** A qualified Java class name, as in "java.io.IOException" or "dev.tau4j.ConnectionException". */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error)\\b");
    private static final Pattern EMBEDDED_NOTICE = Pattern.compile(
            "^tau: no --url, TAU_REALTIME_URL or OPENAI_API_KEY: using the embedded simulator at ws://\\S+ \\(offline\\)\\R");

    record Run(int code, String out, String err) {

        /**
         * Asserts the rule: exit {@code code}, and stderr is one line starting with "tau", naming no
         * Java class (after the notice that the embedded simulator is used, which is no error).
         */
        Run failsWithOneLine(int expected) {
            assertThat(code).as("exit code; stderr: %s", err).isEqualTo(expected);
            assertThat(error().lines().toList()).as(err).hasSize(1);
            assertThat(error()).startsWith("tau").doesNotContainPattern(CLASS_NAME).doesNotContain("\tat ");
            return this;
        }

        /** Stderr without the embedded simulator's notice. */
        String error() {
            return EMBEDDED_NOTICE.matcher(err).replaceFirst("");
        }
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ((SayCommand) cl.getSubcommands().get("say").getCommand()).env = Map.of();
        ((ExampleCommand) cl.getSubcommands().get("example").getCommand()).env = Map.of();
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command and subcommand, as the words that name it ("audio info"). */
    static Stream<String> commands() {
        List<String> all = new ArrayList<>();
        collect(Main.commandLine(), "", all);
        return all.stream();
    }

    private static void collect(CommandLine cl, String prefix, List<String> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                into.add((prefix + " " + name).strip());
                collect(sub, prefix + " " + name, into);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpWorksOnEveryCommand(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: tau " + command);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void everyCommandIsCovered() {
        assertThat(commands()).contains("demo", "example", "say", "simulator", "simulator start", "debug", "debug start",
                "audio", "audio convert", "audio info", "cost");
    }

    @Test
    void bareTauAndBareGroupsPrintTheUsageAndExitTwo() {
        for (String[] args : List.of(new String[0], new String[] {"simulator"}, new String[] {"debug"},
                new String[] {"audio"})) {
            Run r = run(args);
            assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).startsWith("Usage: tau");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void theHelpListsTheExitCodeTable() {
        Run r = run("--help");
        assertThat(r.out()).contains("Exit codes:");
        ExitCodes.TABLE.forEach((code, what) -> assertThat(r.out().replaceAll("\\s+", " "))
                .contains(code + " " + what.substring(0, Math.min(20, what.length()))));
    }

    @Test
    void theReadmeListsEveryExitCode() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("maven.multiModuleProjectDirectory",
                Path.of("..").toAbsolutePath().normalize().toString()), "README.md"));
        String cli = readme.substring(readme.indexOf("\n## CLI"), readme.indexOf("\n## ", readme.indexOf("\n## CLI") + 1));
        List<Integer> listed = cli.lines().filter(l -> l.matches("\\| \\d+ \\|.*"))
                .map(l -> Integer.parseInt(l.split("\\|")[1].strip())).toList();
        assertThat(listed).containsExactlyElementsOf(ExitCodes.TABLE.keySet());
    }

    @Test
    void anUnknownOptionIsOneLineAndExitsTwo() {
        Run r = run("simulator", "start", "--prot", "0").failsWithOneLine(ExitCodes.USAGE);
        assertThat(r.err()).contains("--prot").contains("tau simulator start --help");
        run("say").failsWithOneLine(ExitCodes.USAGE);
        run("cost", "--model").failsWithOneLine(ExitCodes.USAGE);
        assertThat(run("simulater", "start").failsWithOneLine(ExitCodes.USAGE).err())
                .startsWith("tau: unknown command 'simulater' (did you mean simulator");
        run("say", "hi", "--timeout", "soon").failsWithOneLine(ExitCodes.USAGE);
    }

    @Test
    void aMissingFileIsAUsageErrorInEveryCommand(@TempDir Path dir) {
        String missing = dir.resolve("missing.wav").toString();
        assertThat(run("audio", "info", missing).failsWithOneLine(ExitCodes.USAGE).err()).contains(missing);
        assertThat(run("audio", "convert", missing, "--out", dir.resolve("o.wav").toString())
                .failsWithOneLine(ExitCodes.USAGE).err()).contains(missing);
        assertThat(run("example", "tutor", "--pace", "fast", "--out", dir.toString(), missing)
                .failsWithOneLine(ExitCodes.USAGE).err()).contains(missing);
        assertThat(run("cost", "--model", "gpt-realtime", "--usage", dir.resolve("missing.json").toString())
                .failsWithOneLine(ExitCodes.USAGE).err()).contains("missing.json");
    }

    @Test
    void aFolderWhereAFileBelongsIsOneLineInWords(@TempDir Path dir) {
        assertThat(run("audio", "info", dir.toString()).failsWithOneLine(ExitCodes.USAGE).err())
                .isEqualTo("tau audio: " + dir + ": is a directory" + System.lineSeparator());
        assertThat(run("say", "hi", "--pace", "fast", "--out", dir.toString()).failsWithOneLine(ExitCodes.USAGE).error())
                .isEqualTo("tau: cannot write " + dir + ": is a directory" + System.lineSeparator());
        run("cost", "--model", "gpt-realtime", "--usage", dir.toString()).failsWithOneLine(ExitCodes.USAGE);
    }

    @Test
    void aTakenPortIsAUsageErrorOnOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            assertThat(run("simulator", "start", "--port", port).failsWithOneLine(ExitCodes.USAGE).err()).contains(port);
            assertThat(run("debug", "start", "--port", port, "--no-open").failsWithOneLine(ExitCodes.USAGE).err())
                    .contains(port).contains("--port");
        }
    }

    @Test
    void aRefusedConnectionSaysSoInWords() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + port + "/v1/realtime";
        Run r = run("say", "hi", "--url", url).failsWithOneLine(ExitCodes.CONNECTION);
        assertThat(r.err()).isEqualTo("tau: cannot connect to " + url + ": connection refused (is the server running,"
                + " and is the URL right?)" + System.lineSeparator());
        assertThat(run("say", "hi", "--url", "ws://no-such-host.invalid/v1/realtime").failsWithOneLine(ExitCodes.CONNECTION)
                .err()).contains("no-such-host.invalid").contains("unknown host").doesNotContain("refused");
        assertThat(run("say", "hi", "--url", url, "--verbose").err()).contains("connection refused")
                .contains("java.net.ConnectException").contains("\tat ");
    }

    @Test
    void aTimeoutNamesTheOptionThatRaisesIt() {
        // --timeout bounds the connect too: 3 s, so that a loaded machine still connects before the stall.
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            sim.injectOnNextConnection(Fault.stall().afterAudioDeltas(1));
            Run r = run("say", "hi", "--url", sim.url().toString(), "--timeout", "3", "--no-recover")
                    .failsWithOneLine(ExitCodes.CONNECTION);
            assertThat(r.err()).contains("raise --timeout").doesNotContain("TauOptions");
        }
    }

    @Test
    void aSessionThatFailsAtSetupIsOneLineAndExitsThree() {
        Run r = run("say", "hi", "--pace", "fast", "--voice", "nonsense").failsWithOneLine(ExitCodes.SERVER);
        assertThat(r.err()).contains("invalid_value").contains("nonsense");
    }

    /** In a real JVM, as ./tau runs it: the library's warnings are one line each, and exit codes reach the shell. */
    @Test
    void aLibraryWarningIsOneLineOnStderr() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "say", "hello", "--pace", "fast");
        pb.environment().keySet().removeIf(k -> k.startsWith("TAU_") || k.equals("OPENAI_API_KEY"));
        pb.environment().put("TAU_DEBUG", "true");
        pb.environment().put("TAU_DEBUG_URL", "ws://127.0.0.1:" + port);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(new String(out, StandardCharsets.UTF_8)).contains("estimated cost");
        List<String> lines = err.strip().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("tau: warning: ").contains("debug is on but").contains("the session goes on without it"));
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("tau: ").doesNotContainPattern(CLASS_NAME)
                .doesNotStartWith("WARNING:").doesNotContain("dev.tau4j.internal"));
    }

    @Test
    void theProcessExitCodeIsTheTables() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.USAGE);
        assertThat(err).startsWith("Usage: tau");
    }
}
