package dev.tau4j.cli;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ConnectionException;
import dev.tau4j.HandshakeException;
import dev.tau4j.ServerErrorException;
import dev.tau4j.TauException;
import dev.tau4j.TauTimeoutException;
import picocli.CommandLine;

/** The exit codes of {@code tau}, and the mapping of failures to them. */
final class ExitCodes {

    static final int OK = 0;
    static final int NOT_COMPLETED = 1;
    static final int USAGE = 2;
    static final int SERVER = 3;
    static final int CONNECTION = 4;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        return switch (e) {
            case CommandLine.ParameterException p -> USAGE;
            case IllegalArgumentException i -> USAGE;
            case IllegalStateException i -> USAGE;
            case ServerErrorException s -> SERVER;
            case HandshakeException h -> h.status() == 401 || h.status() == 403 ? SERVER : CONNECTION;
            case ConnectionClosedException c -> c.closeCode() == 3000 || c.closeCode() == 4000 || c.serverError() != null
                    ? SERVER : CONNECTION;
            case ConnectionException c -> CONNECTION;
            case TauTimeoutException t -> CONNECTION;
            case TauException t -> SERVER;
            default -> 1;
        };
    }

    /** One line: what happened. Messages of tau4j exceptions never contain API keys. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
