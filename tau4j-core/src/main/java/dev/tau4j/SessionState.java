package dev.tau4j;

/**
 * Where a session is in its life. Every change is reported to
 * {@link SessionListener#onStateChange}, in order, and only these changes happen:
 *
 * <table class="striped">
 * <caption>Allowed transitions</caption>
 * <thead><tr><th scope="col">from</th><th scope="col">to</th><th scope="col">when</th></tr></thead>
 * <tbody>
 * <tr><td>{@code CONNECTING}</td><td>{@code OPEN}</td><td>{@code session.created} arrived and the session options were accepted</td></tr>
 * <tr><td>{@code CONNECTING}</td><td>{@code FAILED}</td><td>the connection could not be opened, or was lost while opening</td></tr>
 * <tr><td>{@code CONNECTING}</td><td>{@code CLOSING}</td><td>{@link Session#close()} during the opening</td></tr>
 * <tr><td>{@code OPEN}</td><td>{@code RECONNECTING}</td><td>the connection was lost and recovery is on</td></tr>
 * <tr><td>{@code OPEN}</td><td>{@code CLOSING}</td><td>{@link Session#close()}, the time-to-live, or a budget that closes</td></tr>
 * <tr><td>{@code OPEN}</td><td>{@code FAILED}</td><td>the connection was lost and cannot be recovered</td></tr>
 * <tr><td>{@code RECONNECTING}</td><td>{@code RECOVERED}</td><td>a new connection holds the replayed conversation</td></tr>
 * <tr><td>{@code RECONNECTING}</td><td>{@code FAILED}</td><td>every reconnect attempt failed, or a failure that is not retried</td></tr>
 * <tr><td>{@code RECONNECTING}</td><td>{@code CLOSING}</td><td>{@link Session#close()} during the outage</td></tr>
 * <tr><td>{@code RECOVERED}</td><td>{@code OPEN}</td><td>what was pending during the outage was sent again</td></tr>
 * <tr><td>{@code CLOSING}</td><td>{@code CLOSED}</td><td>the close handshake ended (or its grace period passed)</td></tr>
 * </tbody>
 * </table>
 *
 * <p>{@code CLOSED} and {@code FAILED} are final: no listener call of any kind follows the change
 * into them. A session in {@code RECOVERED} is still resending; calls made then wait like calls
 * made while {@code RECONNECTING}. Any other change is a bug in the library, and is refused.
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
    /**
     * Reconnected, the conversation replayed; what was pending is being sent again, then the
     * session is {@code OPEN}.
     */
    RECOVERED,
    /** Closing at the user's request. */
    CLOSING,
    /** Closed by the user (or by the server at the end of a normal close). Final. */
    CLOSED,
    /** The connection failed or was lost, and could not be recovered. Final. */
    FAILED;

    /** Whether this state is final ({@code CLOSED} or {@code FAILED}). */
    public boolean isFinal() {
        return this == CLOSED || this == FAILED;
    }
}
