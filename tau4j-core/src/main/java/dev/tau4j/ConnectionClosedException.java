package dev.tau4j;

import dev.tau4j.event.ErrorDetail;
import dev.tau4j.internal.Redaction;
import java.util.Set;

/**
 * The WebSocket closed while it was needed: the server closed it (after an {@code error} event
 * for a rejected key, an unknown model or an expired session), or the connection dropped
 * (close code 1006, no close frame).
 */
public class ConnectionClosedException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    /** Close codes that say "try again": going away, abnormal, internal error, restart, try later, TLS. */
    private static final Set<Integer> RETRYABLE = Set.of(1001, 1005, 1006, 1011, 1012, 1013, 1015);

    private final int closeCode;
    private final String reason;
    private final transient ErrorDetail serverError;

    /**
     * Creates the exception.
     *
     * @param closeCode    the WebSocket close code (1006 when the connection dropped without one)
     * @param reason       the close reason, may be empty
     * @param serverError  the {@code error} event the server sent just before closing, or null
     */
    public ConnectionClosedException(int closeCode, String reason, ErrorDetail serverError) {
        super(describe(closeCode, reason, serverError), null);
        this.closeCode = closeCode;
        this.reason = reason == null ? "" : reason;
        this.serverError = serverError;
    }

    /** The WebSocket close code. */
    public int closeCode() {
        return closeCode;
    }

    /** The close reason; empty if none. */
    public String reason() {
        return reason;
    }

    /** The error the server sent before closing, or null. */
    public ErrorDetail serverError() {
        return serverError;
    }

    /** True when the server rejected the credentials (close 3000). */
    public boolean isAuthenticationFailure() {
        return closeCode == 3000;
    }

    /** True when the server ended the session at its maximum duration ({@code session_expired}). */
    public boolean isSessionExpired() {
        return serverError != null && "session_expired".equals(serverError.code());
    }

    /**
     * True for abnormal closes (1001, 1005, 1006, 1011, 1012, 1013, 1015) that a reconnect may
     * fix; never for a rejected key (3000), a bad request (4000) or an expired session.
     */
    @Override
    public boolean isRetryable() {
        if (isSessionExpired()) {
            return false;
        }
        return RETRYABLE.contains(closeCode);
    }

    private static String describe(int code, String reason, ErrorDetail error) {
        String what;
        if (code == 3000) {
            what = "Server rejected the credentials";
        } else if (code == 4000) {
            what = "Server rejected the request";
        } else if (code == 1006) {
            what = "Connection lost";
        } else {
            what = "Connection closed";
        }
        StringBuilder sb = new StringBuilder(what);
        if (error != null) {
            sb.append(" (").append(error.code() != null ? error.code() : error.type()).append("): ")
                    .append(Redaction.redact(String.valueOf(error.message())));
        }
        sb.append(" [close ").append(code);
        if (reason != null && !reason.isEmpty()) {
            sb.append(' ').append(Redaction.redact(reason));
        }
        sb.append(']');
        if (code == 3000) {
            sb.append(": check OPENAI_API_KEY or TauOptions.apiKey");
        } else if (error != null && ("invalid_model".equals(error.code()) || "missing_model".equals(error.code()))) {
            sb.append(": check the model name");
        }
        return sb.toString();
    }
}
