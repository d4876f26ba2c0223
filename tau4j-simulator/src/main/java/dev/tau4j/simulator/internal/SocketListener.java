package dev.tau4j.simulator.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Jetty endpoint forwarding to a {@link Sink}; public only because Jetty requires public endpoint
 * classes. Not API.
 */
public final class SocketListener implements Session.Listener.AutoDemanding {
    /** Receiver of the socket's callbacks. */
    public interface Sink {
        /** The socket opened. */
        void opened(Session session);

        /** A whole text message arrived. */
        void text(String text);

        /** A whole binary message of {@code length} bytes arrived. */
        void binary(int length);

        /** The socket closed or failed. */
        void closed();
    }

    private final Sink sink;

    public SocketListener(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sink.opened(session);
    }

    @Override
    public void onWebSocketText(String message) {
        sink.text(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        sink.binary(payload.remaining());
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        sink.closed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        sink.closed();
    }
}
