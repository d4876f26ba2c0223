package dev.tau4j;

/**
 * The server sent a message larger than this client accepts ({@link TransportOptions#maxMessageBytes}),
 * or reading one ran out of memory: the connection ended with close code 1009. A protocol failure,
 * never a network fault: the session fails once with it (reported through {@code onError}, and every
 * waiting call fails with it at once); it does not reconnect, and it never asks for a response
 * again, since that would ask for (and pay for) the same message again.
 */
public class MessageTooLargeException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** The WebSocket close code of an oversize message. */
    public static final int CLOSE_CODE = 1009;

    private final String reason;

    /**
     * Creates the exception.
     *
     * @param reason what the transport said, e.g. the message's size and the limit
     */
    public MessageTooLargeException(String reason) {
        super("The server sent a message this client does not accept [close " + CLOSE_CODE + " "
                + (reason == null ? "" : reason) + "]; the session failed without reconnecting or asking for any"
                + " response again: raise TransportOptions.maxMessageBytes if such messages are expected", null, null);
        this.reason = reason == null ? "" : reason;
    }

    /** The WebSocket close code: always {@value #CLOSE_CODE}. */
    public int closeCode() {
        return CLOSE_CODE;
    }

    /** The transport's reason: the message's size and the limit, or running out of memory. */
    public String reason() {
        return reason;
    }

    /** Never: the server would send the same message again. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
