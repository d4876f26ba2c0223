package dev.tau4j.debug.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The Jetty endpoint of every debug-server socket, forwarding to a {@link Sink}. Public only because
 * Jetty requires public endpoint classes; not API.
 */
public final class SocketEndpoint implements Session.Listener.AutoDemanding {

    /** Receiver of a socket's callbacks. */
    public interface Sink {
        /** The socket opened. */
        void opened(Session session);

        /** A whole text message arrived. */
        void text(String text);

        /** The socket closed or failed. */
        void closed();
    }

    private final Sink sink;

    /** An endpoint forwarding to {@code sink}. */
    public SocketEndpoint(Sink sink) {
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
        callback.succeed();   // the protocol is JSON text; binary frames are ignored
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        sink.closed();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        sink.closed();
    }
}
