package dev.tau4j.internal.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between the session and a WebSocket implementation: text messages in as UTF-8 bytes,
 * text messages out. {@link WebSocketTransport} (tau4j's own RFC 6455 client, the default) and
 * {@link JdkWebSocketTransport} ({@code java.net.http.WebSocket}) implement it.
 */
public interface Transport {

    /**
     * Opens a connection. The future fails with a {@link dev.tau4j.HandshakeException} or a
     * {@link java.net.http.WebSocketHandshakeException} (HTTP refusal), an {@link java.io.IOException}
     * or a timeout.
     */
    CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Duration timeout, FrameHandler handler);

    /**
     * Receives what arrives on one connection, one call at a time, in order. Messages, the close and
     * the error come on the connection's reader thread; {@link #onPing()} and {@link #onPong()} may
     * come from a thread the transport shares between connections, so they must be quick and must
     * not block.
     */
    interface FrameHandler {

        /**
         * A complete text message (fragments already joined) as valid UTF-8: {@code length} bytes of
         * {@code buf} from {@code offset}. The bytes are valid only during the call: the transport
         * reuses the buffer afterwards, so copy what must outlive it.
         */
        void onText(byte[] buf, int offset, int length);

        /**
         * A complete binary message: {@code length} bytes of {@code buf} from {@code offset}, valid
         * only during the call (like {@link #onText}). OpenAI-family servers never send one; Gemini
         * Live may send its JSON this way.
         */
        void onBinary(byte[] buf, int offset, int length);

        /**
         * The connection ended with a close code: the peer's (1006 when the connection dropped
         * without a close frame), or the one this side closed with after a protocol violation
         * (1002), invalid UTF-8 (1007) or an oversize message (1009). No further calls follow.
         */
        void onClosed(int code, String reason);

        /** The connection failed; no further calls follow. */
        void onError(Throwable error);

        /** A pong answered one of our pings (the keepalive). */
        default void onPong() {
        }

        /** The peer pinged; the transport has answered it. Proof that the peer is alive. */
        default void onPing() {
        }
    }

    /** A text message's UTF-8 bytes, written by the transport straight into its frame buffer. */
    interface Payload {

        /** The exact number of bytes {@link #writeTo} writes. */
        int length();

        /** Writes exactly {@link #length()} bytes of valid UTF-8 into {@code dst} from {@code offset}. */
        void writeTo(byte[] dst, int offset);
    }

    /** One open connection. Thread-safe. */
    interface Connection {

        /**
         * Sends one text message. Messages are sent in the order of the calls; the future completes
         * when the frame was handed to the socket.
         */
        CompletableFuture<Void> sendText(String message);

        /** Like {@link #sendText(String)}, for a message already in UTF-8. */
        CompletableFuture<Void> sendText(Payload message);

        /** Sends a ping; the peer answers with a pong ({@link FrameHandler#onPong()}). */
        void sendPing();

        /** Starts a normal close handshake. */
        void close(int code, String reason);

        /** Drops the connection at once. */
        void abort();
    }
}
