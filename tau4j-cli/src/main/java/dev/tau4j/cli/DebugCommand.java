package dev.tau4j.cli;

import dev.tau4j.debug.DebugServer;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tau debug start}: serves the debug server and its browser UI until stopped. */
@Command(name = "debug", mixinStandardHelpOptions = true, description = "The local debug server and browser UI.", subcommands = DebugCommand.Start.class)
final class DebugCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, on stderr, and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start the debug server on 127.0.0.1 and open its UI; serves until stopped (Ctrl-C).",
                    "Sessions with TAU_DEBUG=true stream to it: hear the model, speak to it, see every event and its cost.",
                    "The first stdout line is 'debug UI at http://127.0.0.1:PORT/?token=…'."})
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}, the sessions' default).",
                defaultValue = "" + DebugServer.DEFAULT_PORT)
        int port;

        @Option(names = "--no-open", description = "Do not open a browser; just print the URL.")
        boolean noOpen;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            }
            // Ctrl-C: serve() closes the server and deletes the token file before the JVM halts.
            Foreground.run("tau-debug", this::serve);
            return ExitCodes.OK;
        }

        /** Serves until {@code stop} opens or the thread is interrupted; always closes the server (and its token file). */
        void serve(CountDownLatch stop) throws InterruptedException {
            try (DebugServer server = DebugServer.builder().port(port).publishToken(true).start()) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("debug UI at " + server.url());
                out.println("sessions connect to ws://127.0.0.1:" + server.port() + (server.port() == DebugServer.DEFAULT_PORT
                        ? " with TAU_DEBUG=true" : " with TAU_DEBUG=true TAU_DEBUG_URL=ws://127.0.0.1:" + server.port()));
                out.println("token for sessions of this user: " + server.tokenFile().map(Object::toString).orElse("-")
                        + " (other users and web pages get nothing without it)");
                if (!noOpen) {
                    out.println(openBrowser(server.url()));
                }
                out.println("Ctrl-C stops it. Click the page once so that the browser lets it play audio.");
                out.flush();
                stop.await();
            }
        }

        /** Opens {@code url} in the desktop's browser when there is one; says what happened. */
        static String openBrowser(URI url) {
            try {
                if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                        && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                    Desktop.getDesktop().browse(url);
                    return "opened it in your browser";
                }
                String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                List<String> command = os.contains("mac") ? List.of("open", url.toString())
                        : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url.toString())
                        : List.of("xdg-open", url.toString());
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return "asked " + command.getFirst() + " to open it";
            } catch (IOException | UnsupportedOperationException | SecurityException | LinkageError e) {
                return "could not open a browser (" + e.getMessage() + "): open the URL above yourself";
            }
        }
    }
}
