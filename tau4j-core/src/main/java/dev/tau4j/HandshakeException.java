package dev.tau4j;

import dev.tau4j.internal.Redaction;

/**
 * The server refused the WebSocket upgrade with an HTTP status (401, 403, 404, 429, 5xx...).
 * Retryable for 408, 429 and 5xx.
 */
public class HandshakeException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    /** Creates the exception; {@code body} is a snippet of the response body (may be empty). */
    public HandshakeException(int status, String body, Throwable cause) {
        super("WebSocket handshake refused with HTTP " + status + (body == null || body.isBlank() ? ""
                : ": " + Redaction.redact(snippet(body))), cause);
        this.status = status;
        this.body = body == null ? "" : Redaction.redact(snippet(body));
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The start of the response body, redacted; empty if none. */
    public String body() {
        return body;
    }

    @Override
    public boolean isRetryable() {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String snippet(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
