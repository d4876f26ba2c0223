package dev.tau4j;

/**
 * Where a session is in its life. Transitions are reported to {@link SessionListener#onStateChange}.
 *
 * <p>A lost connection, with recovery on, goes {@code OPEN → RECONNECTING → RECOVERED → OPEN}
 * ({@code RECOVERED} is only passed through, to mark the moment), or {@code RECONNECTING → FAILED}
 * when every attempt failed.
 */
public enum SessionState {
    /** Opening the WebSocket and waiting for {@code session.created}. */
    CONNECTING,
    /** Connected and usable. */
    OPEN,
    /**
     * The connection was lost and the session is reconnecting. Calls made now wait for the
     * recovery (up to their timeout); input audio is queued and sent after it.
     */
    RECONNECTING,
    /** Reconnected, the conversation replayed; the session is about to be {@code OPEN} again. */
    RECOVERED,
    /** Closing at the user's request. */
    CLOSING,
    /** Closed by the user (or by the server at the end of a normal close). Final. */
    CLOSED,
    /** The connection failed or was lost, and could not be recovered. Final. */
    FAILED
}
