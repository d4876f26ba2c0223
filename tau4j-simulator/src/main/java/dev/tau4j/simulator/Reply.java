package dev.tau4j.simulator;

import java.util.List;

/**
 * What the simulated model produces for one response: an assistant message (spoken or written,
 * depending on the response's output modality) and/or function calls, or a failure.
 *
 * @param text the assistant message, or {@code null} for none
 * @param calls function calls, emitted after the message
 * @param errorType for failed responses the {@code status_details.error.type}, else {@code null}
 * @param errorCode for failed responses the error code, else {@code null}
 * @param errorMessage for failed responses the message, else {@code null}
 */
public record Reply(String text, List<FunctionCall> calls, String errorType, String errorCode, String errorMessage) {
    public Reply {
        calls = List.copyOf(calls);
        if (errorCode != null && (text != null || !calls.isEmpty())) {
            throw new IllegalArgumentException("a failed reply has no output");
        }
    }

    /** An assistant message saying {@code text}. */
    public static Reply text(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return new Reply(text, List.of(), null, null, null);
    }

    /** A single function call with {@code argumentsJson} as arguments. */
    public static Reply functionCall(String name, String argumentsJson) {
        return new Reply(null, List.of(new FunctionCall(name, argumentsJson)), null, null, null);
    }

    /** A message (or none when {@code textOrNull} is null) followed by {@code calls}. */
    public static Reply of(String textOrNull, FunctionCall... calls) {
        return new Reply(textOrNull, List.of(calls), null, null, null);
    }

    /**
     * A response that ends with {@code status:"failed"} and {@code status_details.error} = {code,
     * message}; the error type is {@code tokens} for {@code rate_limit_exceeded}, else {@code
     * server_error}.
     */
    public static Reply failed(String code, String message) {
        String type = "rate_limit_exceeded".equals(code) ? "tokens" : "server_error";
        return new Reply(null, List.of(), type, code, message);
    }

    /** True when this reply fails the response. */
    public boolean isFailure() {
        return errorCode != null;
    }
}
