package dev.tau4j;

import dev.tau4j.internal.Redaction;

/**
 * The root of every exception tau4j throws for things that went wrong at run time: the server,
 * the connection, the protocol, a timeout, a budget. Unchecked. Preconditions use the JDK's
 * exceptions instead ({@link IllegalArgumentException}, {@link IllegalStateException} on a
 * closed session).
 *
 * <p>Messages never contain an API key: every message goes through the library's redaction
 * (every 8-character piece of a live client's key, and anything shaped like an OpenAI key, is
 * masked), whatever a server put in it.
 */
public class TauException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what happened and what to do. */
    public TauException(String message) {
        super(Redaction.redact(message));
    }

    /** Creates an exception with a message and the underlying cause. */
    public TauException(String message, Throwable cause) {
        super(Redaction.redact(message), cause);
    }

    /** Whether trying the same thing again (e.g. after reconnecting) may succeed. */
    public boolean isRetryable() {
        return false;
    }
}
