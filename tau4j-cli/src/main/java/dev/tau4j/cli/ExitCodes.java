package dev.tau4j.cli;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ConnectionException;
import dev.tau4j.HandshakeException;
import dev.tau4j.ServerErrorException;
import dev.tau4j.TauException;
import dev.tau4j.TauTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit codes of {@code tau}: one table for every command (README's CLI section lists it, and
 * {@code tau --help} prints it), and the mapping of failures to it. 5 and 6 are the {@code ./tau}
 * launcher's (no JDK, build failed); the JVM never returns them.
 */
final class ExitCodes {

    static final int OK = 0;
    static final int NOT_COMPLETED = 1;
    static final int USAGE = 2;
    static final int SERVER = 3;
    static final int CONNECTION = 4;
    static final int NO_JDK = 5;
    static final int BUILD_FAILED = 6;
    static final int INTERRUPTED = 130;

    /** Every code and what it means, in order. */
    static final Map<Integer, String> TABLE = table();

    private ExitCodes() {
    }

    private static Map<Integer, String> table() {
        Map<Integer, String> t = new LinkedHashMap<>();
        t.put(OK, "success");
        t.put(NOT_COMPLETED, "no complete result: the response was cancelled or cut short, the cost is unknown,"
                + " or an unexpected error (--verbose shows it)");
        t.put(USAGE, "usage error: an unknown or bad option or argument (a --port that is taken), or a file that cannot be"
                + " read or written");
        t.put(SERVER, "the server refused: a rejected API key, a server error, a failed response");
        t.put(CONNECTION, "connection failure: cannot connect, connection lost, no answer in time");
        t.put(NO_JDK, "./tau found no JDK 21 or newer");
        t.put(BUILD_FAILED, "./tau could not build the CLI");
        t.put(INTERRUPTED, "stopped by Ctrl-C");
        return java.util.Collections.unmodifiableMap(t);
    }

    /** The table as picocli's {@code exitCodeList} entries ({@code "code:meaning"}). */
    static Map<String, String> helpList() {
        Map<String, String> m = new LinkedHashMap<>();
        TABLE.forEach((code, what) -> m.put(String.format("%3d", code), what));
        return m;
    }

    static int of(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof BindException) {
                return USAGE;   // --port names a port that is taken
            }
        }
        return switch (e) {
            case CommandLine.ParameterException p -> USAGE;
            case IllegalArgumentException i -> USAGE;
            case IOException i -> USAGE;
            case UncheckedIOException i -> USAGE;
            case ServerErrorException s -> SERVER;
            case HandshakeException h -> h.status() == 401 || h.status() == 403 ? SERVER : CONNECTION;
            case ConnectionClosedException c -> c.closeCode() == 3000 || c.closeCode() == 4000 || c.serverError() != null
                    ? SERVER : CONNECTION;
            case ConnectionException c -> CONNECTION;
            case TauTimeoutException t -> CONNECTION;
            case TauException t -> SERVER;
            default -> NOT_COMPLETED;
        };
    }
}
