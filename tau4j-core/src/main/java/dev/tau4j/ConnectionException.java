package dev.tau4j;

/**
 * The connection to the realtime server could not be opened, or was lost. See
 * {@link HandshakeException} and {@link ConnectionClosedException}; a plain
 * {@code ConnectionException} is a network failure (refused, reset, unreachable).
 */
public class ConnectionException extends TauException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Network failures may succeed when tried again. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
