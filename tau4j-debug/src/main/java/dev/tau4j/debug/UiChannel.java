package dev.tau4j.debug;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import dev.tau4j.debug.internal.SocketEndpoint;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The debug server's end of one browser UI (path {@code /ui}). Sends are asynchronous and bounded:
 * past {@link #MAX_OUTSTANDING_CHARS} waiting to be written (a tab in the background, a slow
 * machine), messages are dropped and counted, and the UI is told how many once it caught up
 * ({@code tau.ui_dropped}), so a slow page never grows the server's memory.
 */
final class UiChannel implements SocketEndpoint.Sink {

    static final long MAX_OUTSTANDING_CHARS = 16L * 1024 * 1024;
    /** The largest message a UI may send: a microphone chunk of a few seconds. */
    static final long MAX_MESSAGE_CHARS = 1024 * 1024;

    private final Hub hub;
    private final AtomicLong outstandingChars = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong reportedDrops = new AtomicLong();
    /** The socket; null until opened. */
    private volatile Session socket;

    UiChannel(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void opened(Session session) {
        socket = session;
        session.setMaxTextMessageSize(MAX_MESSAGE_CHARS);
        session.setIdleTimeout(Duration.ZERO);
        hub.uiOpened(this);
    }

    @Override
    public void text(String text) {
        hub.fromUi(this, text);
    }

    @Override
    public void closed() {
        hub.uiClosed(this);
    }

    /** Queues {@code text} for the page, or drops it when the page lags too far behind. Never blocks. */
    void send(String text) {
        Session s = socket;
        if (s == null || !s.isOpen()) {
            return;
        }
        long size = text.length();
        if (outstandingChars.addAndGet(size) > MAX_OUTSTANDING_CHARS) {
            outstandingChars.addAndGet(-size);
            dropped.incrementAndGet();
            return;
        }
        s.sendText(text, Callback.from(() -> sent(s, size), x -> outstandingChars.addAndGet(-size)));
    }

    private void sent(Session s, long size) {
        long left = outstandingChars.addAndGet(-size);
        long drops = dropped.get();
        if (left == 0 && drops != reportedDrops.get() && reportedDrops.compareAndSet(reportedDrops.get(), drops)) {
            s.sendText("{\"type\":\"tau.ui_dropped\",\"messages\":" + drops + "}", Callback.NOOP);
        }
    }

    void close() {
        Session s = socket;
        if (s != null) {
            s.close(1001, "debug server stopping", Callback.NOOP);
        }
    }
}
