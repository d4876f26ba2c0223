package dev.tau4j.debug;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the warnings tau4j-core logs (System.Logger "dev.tau4j", backed by java.util.logging in tests). */
final class WarningCapture extends Handler implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger("dev.tau4j");
    private final LinkedBlockingQueue<String> warnings = new LinkedBlockingQueue<>();

    static WarningCapture start() {
        WarningCapture capture = new WarningCapture();
        LOGGER.addHandler(capture);
        return capture;
    }

    /** The next warning's text, or null when none comes within {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        return warnings.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getParameters() == null ? record.getMessage()
                    : MessageFormat.format(record.getMessage(), record.getParameters()));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        LOGGER.removeHandler(this);
    }
}
