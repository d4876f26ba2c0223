package dev.tau4j;

/** Where a session is in its life. Transitions are reported to {@link SessionListener#onStateChange}. */
public enum SessionState {
    /** Opening the WebSocket and waiting for {@code session.created}. */
    CONNECTING,
    /** Connected and usable. */
    OPEN,
    /** Closing at the user's request. */
    CLOSING,
    /** Closed by the user (or by the server at the end of a normal close). Final. */
    CLOSED,
    /** The connection failed or was lost. Final. */
    FAILED
}
