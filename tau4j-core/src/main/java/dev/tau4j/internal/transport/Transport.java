package dev.tau4j.internal.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between the session and a WebSocket implementation: text frames in, text frames out.
 * A byte-level transport can replace the JDK one without touching the session.
 */
public interface Transport {

    /**
     * Opens a connection. The future fails with {@link java.net.http.WebSocketHandshakeException}
     * (HTTP refusal), an {@link java.io.IOException} or a timeout.
     */
    CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Duration timeout, FrameHandler handler);

    /** Receives what arrives on one connection, one call at a time, in order. */
    interface FrameHandler {

        /** A complete text frame (fragments already joined). */
        void onText(String frame);

        /** A binary frame (realtime servers should not send these; the session reports it). */
        void onBinary(int bytes);

        /** The peer closed (code 1006 when the connection dropped without a close frame). */
        void onClosed(int code, String reason);

        /** The connection failed; no further calls follow. */
        void onError(Throwable error);

        /** A pong answered one of our pings (the keepalive). */
        default void onPong() {
        }
    }

    /** One open connection. */
    interface Connection {

        /**
         * Sends one text frame. Frames are sent in the order of the calls; the future completes
         * when the frame was handed to the socket.
         */
        CompletableFuture<Void> sendText(String frame);

        /** Sends a ping; the peer answers with a pong ({@link FrameHandler#onPong()}). */
        void sendPing();

        /** Starts a normal close handshake. */
        void close(int code, String reason);

        /** Drops the connection at once. */
        void abort();
    }
}
