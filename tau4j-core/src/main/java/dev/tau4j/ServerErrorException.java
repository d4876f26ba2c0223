package dev.tau4j;

import dev.tau4j.event.ErrorDetail;
import dev.tau4j.internal.Redaction;
import java.util.Objects;

/**
 * The server answered one of our client events with an {@code error} event. The call that sent
 * that event fails with this exception (matched on the event id), instead of hanging.
 */
public class ServerErrorException extends TauException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetail error;

    /** Creates the exception for {@code error}. */
    public ServerErrorException(ErrorDetail error) {
        super(describe(Objects.requireNonNull(error, "error")));
        this.error = error;
    }

    /** The server's error: type, code, message, param and the client event id it answers. */
    public ErrorDetail error() {
        return error;
    }

    /** The server's error code, e.g. {@code conversation_already_has_active_response}; may be null. */
    public String code() {
        return error.code();
    }

    /** True for {@code server_error}s, which may succeed when tried again. */
    @Override
    public boolean isRetryable() {
        return "server_error".equals(error.type());
    }

    static String describe(ErrorDetail e) {
        StringBuilder sb = new StringBuilder("Server error");
        if (e.code() != null) {
            sb.append(" (").append(e.code()).append(')');
        } else if (e.type() != null) {
            sb.append(" (").append(e.type()).append(')');
        }
        sb.append(": ").append(e.message() == null ? "no message" : Redaction.redact(e.message()));
        if (e.param() != null) {
            sb.append(" [param ").append(e.param()).append(']');
        }
        return sb.toString();
    }
}
