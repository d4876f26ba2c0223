package dev.tau4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes the library's {@code System.Logger} records (through java.util.logging, the JDK's
 * default backend) to the command's stderr as one line each: {@code tau: warning: …}. With
 * {@code --verbose} a record's exception follows as a stack trace. Only the CLI configures
 * logging; the library never does.
 *
 * <p>The library logs a server's {@code error} event that answers no call ({@code τ NAME error: …})
 * and then fails the session with the same error, which the command prints as its one error line;
 * such records are held until the command ends and printed only if that line does not already
 * carry their error code.
 */
final class Logging implements AutoCloseable {

    private static final Pattern SERVER_ERROR = Pattern.compile("^τ \\S+ error: .*?\\(([A-Za-z0-9_.]+)\\)");

    private final Logger root = LogManager.getLogManager().getLogger("");
    private final List<Handler> previous;
    private final LineHandler handler;

    private Logging(PrintWriter err, boolean verbose) {
        previous = List.of(root.getHandlers());
        previous.forEach(root::removeHandler);
        handler = new LineHandler(err, verbose);
        root.addHandler(handler);
    }

    /** Installs the one-line handler on the root logger until {@link #close()}, which restores the previous ones. */
    static Logging install(PrintWriter err, boolean verbose) {
        return new Logging(err, verbose);
    }

    /** Drops the held server-error records whose code {@code errorLine} (the command's failure) already names. */
    void failedWith(String errorLine) {
        synchronized (handler.held) {
            handler.held.removeIf(r -> errorLine.contains("(" + code(r) + ")"));
        }
    }

    /** Prints the held records, then restores the previous handlers. */
    @Override
    public void close() {
        root.removeHandler(handler);
        handler.flushHeld();
        previous.forEach(root::addHandler);
    }

    private static String code(LogRecord r) {
        Matcher m = SERVER_ERROR.matcher(String.valueOf(r.getMessage()));
        return m.find() ? m.group(1) : null;
    }

    /** One line per record; a warning or error says so, an INFO record (TAU_LOGGING) is its message. */
    static final class LineFormatter extends Formatter {

        private final boolean verbose;

        LineFormatter(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public String format(LogRecord record) {
            String level = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "tau: error: "
                    : record.getLevel().intValue() >= Level.WARNING.intValue() ? "tau: warning: " : "";
            String line = level + ErrorLine.strip(formatMessage(record)) + System.lineSeparator();
            if (verbose && record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                return line + trace;
            }
            return line;
        }
    }

    private static final class LineHandler extends Handler {

        private final PrintWriter err;
        /** Server-error records held until the command ends; guarded by itself. */
        final List<LogRecord> held = new ArrayList<>();

        LineHandler(PrintWriter err, boolean verbose) {
            this.err = err;
            setFormatter(new LineFormatter(verbose));
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && code(record) != null) {
                synchronized (held) {
                    held.add(record);
                }
                return;
            }
            print(record);
        }

        void flushHeld() {
            List<LogRecord> records;
            synchronized (held) {
                records = List.copyOf(held);
                held.clear();
            }
            records.forEach(this::print);
        }

        private void print(LogRecord record) {
            String line = getFormatter().format(record);
            synchronized (err) {
                err.print(line);
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
