package dev.tau4j.internal.recovery;

import dev.tau4j.event.Item;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.internal.Threads;
import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.transport.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection of a logical session. A session outlives its wires: a lost wire is replaced by a
 * new one, and frames or closes from a wire that is no longer the session's are ignored by it.
 *
 * <p>A wire's end is recorded here first ({@link #ended()}), then reported; a session adopting a
 * wire checks {@link #ended()} under its lock, so a close that arrives before the adoption is
 * never lost.
 *
 * <p>Each wire has its own {@linkplain Dialect#newConnection dialect}. When that dialect makes up
 * events (acknowledgements its provider does not send), the wire delivers its frames and those
 * events one at a time under {@link #serial}, the made-up ones on a virtual thread of their own
 * (never on the thread that caused them, which may hold the session's lock); otherwise frames go
 * straight through, as before.
 */
public final class Wire implements Transport.FrameHandler {

    /** Where a wire reports what arrives; the session implements it. */
    public interface Events {
        /** A text frame as UTF-8 bytes; {@code buf} is valid only during the call. */
        void onFrame(Wire wire, byte[] buf, int offset, int length);

        /** A binary frame that the wire's dialect does not decode. */
        void onBinaryFrame(Wire wire, int bytes);

        /** An event the wire's dialect made up (see {@link Dialect.Link#local}). */
        void onLocal(Wire wire, ServerEvent event);

        /** The server announced the end of this wire in {@code timeLeft}. */
        void goAway(Wire wire, Duration timeLeft);

        void wireClosed(Wire wire, int code, String reason);
    }

    private final Events events;
    private final int number;
    /** This connection's dialect. */
    private final Dialect dialect;
    /** Held while a frame or a made-up event is applied; null when the dialect makes up none. */
    private final ReentrantLock serial;
    /** Made-up events not yet delivered; delivered once connected. */
    private final Queue<ServerEvent> local = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<SessionInfo> created = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Replay confirmations by item id, while this wire is being restored. */
    private final Map<String, CompletableFuture<Item>> replayed = new ConcurrentHashMap<>();
    /** The {@code session.updated} answering the restored configuration. */
    private final CompletableFuture<SessionInfo> restored = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Null until the transport connected. */
    private volatile Transport.Connection connection;
    /** While restoring: events are handled, not shown to listeners. */
    private volatile boolean quiet;
    private volatile long openedNanos = System.nanoTime();
    /** When the last event arrived (the stall watchdog's clock). */
    private volatile long lastEventNanos = System.nanoTime();
    /** When anything (an event, a ping or a pong) arrived last (the keepalive's clock). */
    private volatile long lastHeardNanos = System.nanoTime();
    /** When the unanswered keepalive ping was sent, or 0. */
    private volatile long pingSentNanos;
    /** When the server last pinged us, or 0 if it never did. Written by the reader only. */
    private volatile long serverPingNanos;
    /** The longest gap between the server's pings so far (from the open to its first one), or 0 before any. */
    private volatile long serverPingIntervalNanos;
    /** Set once when the server announced that it will end this connection. */
    private volatile boolean goingAway;
    /** The response (or request) whose stall was reported, so that one stall is reported once. */
    private volatile String stallReported;

    /** A wire of a session whose dialect is {@code sessionDialect}; it asks that for its own. */
    public Wire(Events events, int number, Dialect sessionDialect) {
        this.events = events;
        this.number = number;
        this.dialect = sessionDialect.newConnection(new Dialect.Link() {
            @Override
            public void local(ServerEvent event) {
                local.add(event);
                if (connection != null) {
                    Threads.VIRTUAL.execute(Wire.this::deliverLocal);
                }
            }

            @Override
            public void send(String frame) {
                Transport.Connection c = connection;
                if (c != null) {
                    c.sendText(frame);
                }
            }

            @Override
            public void goAway(Duration timeLeft) {
                events.goAway(Wire.this, timeLeft);
            }
        });
        this.serial = dialect.makesEvents() ? new ReentrantLock() : null;
    }

    /** This connection's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** Whether this wire's dialect makes up events or reads several from one frame. */
    public boolean makesEvents() {
        return serial != null;
    }

    private void deliverLocal() {
        serial.lock();
        try {
            ServerEvent event;
            while (!ended.get() && (event = local.poll()) != null) {
                events.onLocal(this, event);
            }
        } finally {
            serial.unlock();
        }
    }

    public int number() {
        return number;
    }

    /** Completes with the first {@code session.created}; fails when the wire ends before it. */
    public CompletableFuture<SessionInfo> created() {
        return created;
    }

    /** Completes when the wire ended, whichever way. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    public CompletableFuture<SessionInfo> restored() {
        return restored;
    }

    public Map<String, CompletableFuture<Item>> replayed() {
        return replayed;
    }

    public boolean ended() {
        return ended.get();
    }

    public Transport.Connection connection() {
        return connection;
    }

    void connected(Transport.Connection c) {
        this.connection = c;
        this.openedNanos = System.nanoTime();
        if (!local.isEmpty()) {
            Threads.VIRTUAL.execute(this::deliverLocal);
        }
    }

    public boolean quiet() {
        return quiet;
    }

    public void quiet(boolean quiet) {
        this.quiet = quiet;
    }

    /** The server announced that it will end this connection: a rollover is due. */
    public void goingAway() {
        goingAway = true;
    }

    public boolean isGoingAway() {
        return goingAway;
    }

    public long openedNanos() {
        return openedNanos;
    }

    /** Restarts the clocks: the wire was adopted (a rollover counts its age from here). */
    public void adopted() {
        long now = System.nanoTime();
        openedNanos = now;
        lastEventNanos = now;
    }

    long lastEventNanos() {
        return lastEventNanos;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    long pingSentNanos() {
        return pingSentNanos;
    }

    /**
     * The longest gap seen between the server's own pings, or 0 when the server has not pinged on
     * this connection: a server that pings proves the connection alive by itself.
     */
    long serverPingIntervalNanos() {
        return serverPingIntervalNanos;
    }

    void pingSent(long nanos) {
        pingSentNanos = nanos;
    }

    String stallReported() {
        return stallReported;
    }

    void stallReported(String key) {
        stallReported = key;
    }

    @Override
    public void onText(byte[] buf, int offset, int length) {
        long now = System.nanoTime();
        lastEventNanos = now;
        lastHeardNanos = now;
        pingSentNanos = 0;
        if (ended.get()) {
            return;
        }
        if (serial == null) {
            events.onFrame(this, buf, offset, length);
            return;
        }
        serial.lock();
        try {
            events.onFrame(this, buf, offset, length);
        } finally {
            serial.unlock();
        }
    }

    @Override
    public void onBinary(byte[] buf, int offset, int length) {
        if (dialect.decodesBinary()) {
            onText(buf, offset, length);
            return;
        }
        lastHeardNanos = System.nanoTime();
        if (!ended.get()) {
            events.onBinaryFrame(this, length);
        }
    }

    /** The server's own ping: the connection is alive. */
    @Override
    public void onPing() {
        long now = System.nanoTime();
        long previous = serverPingNanos == 0 ? openedNanos : serverPingNanos;
        serverPingIntervalNanos = Math.max(serverPingIntervalNanos, now - previous);
        serverPingNanos = now;
        lastHeardNanos = now;
        pingSentNanos = 0;
    }

    @Override
    public void onPong() {
        lastHeardNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    @Override
    public void onClosed(int code, String reason) {
        if (ended.compareAndSet(false, true)) {
            closed.complete(null);
            events.wireClosed(this, code, reason);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (error instanceof OutOfMemoryError) {
            // Out of memory while reading is the message's size, not the network: never retried.
            onClosed(1009, "out of memory while reading a message");
            return;
        }
        onClosed(1006, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }

    /** Drops the connection and reports it lost with {@code reason}, as if the peer had dropped it. */
    public void drop(String reason) {
        Transport.Connection c = connection;
        if (c != null) {
            c.abort();
        }
        onClosed(1006, reason);
    }

    /** Ends this wire without reporting: it is being replaced or the session is closing. */
    public void retire() {
        ended.set(true);
        closed.complete(null);
    }

    /** Starts a normal close handshake, unless the wire already ended. */
    public void close(int code, String reason) {
        Transport.Connection c = connection;
        if (c != null && !ended.get()) {
            c.close(code, reason);
        }
    }

    /** Drops the connection without reporting. */
    public void abort() {
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
