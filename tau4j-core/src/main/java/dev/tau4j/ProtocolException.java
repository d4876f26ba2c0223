package dev.tau4j;

import dev.tau4j.internal.Redaction;

/**
 * The server sent a frame the library cannot read: not JSON, not an object, or no {@code type}.
 * The session reports it and keeps going; unknown event types are not protocol errors (they
 * arrive as {@link dev.tau4j.event.UnknownEvent}).
 */
public class ProtocolException extends TauException {

    private static final long serialVersionUID = 1L;

    private final String frame;

    /** Creates the exception; {@code frame} is kept as a short snippet. */
    public ProtocolException(String message, String frame, Throwable cause) {
        super(message + (frame == null ? "" : ": " + snippet(frame)), cause);
        this.frame = frame == null ? "" : snippet(frame);
    }

    /** The start of the offending frame. */
    public String frame() {
        return frame;
    }

    private static String snippet(String frame) {
        String s = Redaction.redact(frame);
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
