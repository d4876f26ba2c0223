package dev.tau4j.internal.dialect;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.internal.Redaction;
import java.util.Locale;

/**
 * How Gemini Live reports errors: a close frame, never an error event (protocol.md §6.1). 1007
 * is an invalid argument (also a stale resumption handle), 1008 a policy refusal (a bad or expired
 * key, an unknown model), 1011 an internal error worth another attempt. A key the server refused
 * is an {@linkplain #isAuthenticationFailure() authentication failure}; a refused resumption
 * handle and any close after {@code goAway} are retried (the next connection replays or resumes).
 */
final class GeminiClose extends ConnectionClosedException {

    private static final long serialVersionUID = 1L;

    private final String message;
    private final boolean authentication;
    private final boolean retryable;

    private GeminiClose(int code, String reason, String message, boolean authentication, boolean retryable) {
        super(code, reason, null);
        this.message = message;
        this.authentication = authentication;
        this.retryable = retryable;
    }

    static GeminiClose of(String provider, int code, String reason, boolean refusedHandle, boolean goingAway) {
        String r = reason == null ? "" : reason;
        String lower = r.toLowerCase(Locale.ROOT);
        boolean key = (code == 1007 || code == 1008) && (lower.contains("api key") || lower.contains("permission")
                || lower.contains("unauthenticated") || lower.contains("credential"));
        String what;
        String hint = "";
        boolean retryable;
        if (key) {
            what = "Server rejected the credentials";
            hint = ": check GEMINI_API_KEY (or GOOGLE_API_KEY) or TauOptions.apiKey";
            retryable = false;
        } else if (refusedHandle) {
            what = "Server refused the resumption handle";
            hint = "; the conversation is replayed instead";
            retryable = true;
        } else if (code == 1007) {
            what = "Server rejected the request (invalid argument)";
            retryable = false;
        } else if (code == 1008) {
            what = "Server refused the request (policy)";
            hint = lower.contains("not found") || lower.contains("not supported") ? ": check the model name" : "";
            retryable = false;
        } else if (code == 1006) {
            what = "Connection lost";
            retryable = true;
        } else {
            what = "Connection closed";
            retryable = goingAway || code == 1011 || code == 1001 || code == 1012 || code == 1013 || code == 1015
                    || code == 1005;
        }
        String message = provider + ": " + what + " [close " + code + (r.isEmpty() ? "" : " " + Redaction.redact(r))
                + "]" + hint;
        return new GeminiClose(code, r, message, key, retryable);
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public boolean isAuthenticationFailure() {
        return authentication;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
