package dev.tau4j;

import dev.tau4j.event.Item;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.internal.transport.Transport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection of a logical session. A session outlives its wires: a lost wire is replaced by a
 * new one, and frames or closes from a wire that is no longer the session's are ignored.
 */
final class Wire implements Transport.FrameHandler {

    private final DefaultSession session;
    final int number;
    final CompletableFuture<SessionInfo> created = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Replay confirmations by item id, while this wire is being restored. */
    final Map<String, CompletableFuture<Item>> replayed = new ConcurrentHashMap<>();
    /** The {@code session.updated} answering the restored configuration. */
    final CompletableFuture<SessionInfo> restored = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    volatile Transport.Connection connection;
    /** While restoring: events are handled, not shown to listeners. */
    volatile boolean quiet;
    volatile long openedNanos = System.nanoTime();
    /** When the last event arrived (the stall watchdog's clock). */
    volatile long lastEventNanos = System.nanoTime();
    /** When anything (an event, a ping or a pong) arrived last (the keepalive's clock). */
    volatile long lastHeardNanos = System.nanoTime();
    /** When the unanswered keepalive ping was sent, or 0. */
    volatile long pingSentNanos;
    /** The response id whose stall was reported, so that one stall is reported once. */
    volatile String stallReported;

    Wire(DefaultSession session, int number) {
        this.session = session;
        this.number = number;
    }

    boolean ended() {
        return ended.get();
    }

    @Override
    public void onText(byte[] buf, int offset, int length) {
        long now = System.nanoTime();
        lastEventNanos = now;
        lastHeardNanos = now;
        pingSentNanos = 0;
        if (!ended.get()) {
            session.onFrame(this, buf, offset, length);
        }
    }

    @Override
    public void onBinary(int bytes) {
        lastHeardNanos = System.nanoTime();
        if (!ended.get()) {
            session.onBinaryFrame(this, bytes);
        }
    }

    @Override
    public void onPing() {
        lastHeardNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    @Override
    public void onPong() {
        lastHeardNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    @Override
    public void onClosed(int code, String reason) {
        closed.complete(null);
        if (ended.compareAndSet(false, true)) {
            session.wireClosed(this, code, reason);
        }
    }

    @Override
    public void onError(Throwable error) {
        onClosed(1006, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }

    /** Drops the connection and reports it lost with {@code reason}, as if the peer had dropped it. */
    void drop(String reason) {
        Transport.Connection c = connection;
        if (c != null) {
            c.abort();
        }
        onClosed(1006, reason);
    }

    /** Ends this wire without reporting: it is being replaced or the session is closing. */
    void retire() {
        ended.set(true);
        closed.complete(null);
    }

    /** Drops the connection without reporting. */
    void abort() {
        retire();
        Transport.Connection c = connection;
        if (c != null) {
            c.abort();
        }
    }

    @Override
    public String toString() {
        return "wire " + number;
    }
}
