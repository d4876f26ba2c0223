package dev.tau4j;

import java.time.Duration;

/** A wait ran out: the server did not answer within the configured time. */
public class TauTimeoutException extends TauException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /** Creates the exception; {@code what} says what was awaited. */
    public TauTimeoutException(String what, Duration timeout) {
        super("Timed out after " + timeout.toMillis() + " ms waiting for " + what
                + " (raise the timeout in TauOptions if the server is slow)");
        this.timeout = timeout;
    }

    /** How long the call waited. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
