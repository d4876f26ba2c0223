package dev.tau4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Transport} on {@code java.net.http.WebSocket} (the alternative to tau4j's own
 * {@link WebSocketTransport}). Joins fragmented text frames, reads one frame at a time (the next is
 * requested only after the handler returned), hands each text message over as UTF-8 (the JDK has
 * decoded it to UTF-16 first, which is most of its cost), and serialises sends (the JDK allows one
 * outstanding send). The JDK answers pings itself; the handler hears of them for liveness.
 */
public final class JdkWebSocketTransport implements Transport {

    private final HttpClient http;

    /** A transport on {@code http}, which may be shared by many connections. */
    public JdkWebSocketTransport(HttpClient http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Duration timeout, FrameHandler handler) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
        headers.forEach(builder::header);
        Reader reader = new Reader(handler);
        return builder.buildAsync(uri, reader).thenApply(JdkConnection::new);
    }

    private static final class Reader implements WebSocket.Listener {
        private final FrameHandler handler;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Fragments of the text frame being received; null between frames. Reader-confined. */
        private StringBuilder partial;
        /** Fragments of the binary frame being received; null between frames. Reader-confined. */
        private ByteArrayOutputStream partialBinary;

        Reader(FrameHandler handler) {
            this.handler = handler;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!last) {
                if (partial == null) {
                    partial = new StringBuilder(data.length() * 2);
                }
                partial.append(data);
            } else {
                String frame;
                if (partial == null) {
                    frame = data.toString();
                } else {
                    frame = partial.append(data).toString();
                    partial = null;
                }
                byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
                handler.onText(utf8, 0, utf8.length);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            if (!last) {
                if (partialBinary == null) {
                    partialBinary = new ByteArrayOutputStream(chunk.length * 2);
                }
                partialBinary.writeBytes(chunk);
            } else {
                byte[] whole = chunk;
                if (partialBinary != null) {
                    partialBinary.writeBytes(chunk);
                    whole = partialBinary.toByteArray();
                    partialBinary = null;
                }
                handler.onBinary(whole, 0, whole.length);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            handler.onPing();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            handler.onPong();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (ended.compareAndSet(false, true)) {
                handler.onClosed(statusCode, reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (ended.compareAndSet(false, true)) {
                handler.onError(error);
            }
        }
    }

    private static final class JdkConnection implements Connection {
        private final WebSocket ws;
        /** The last send in the chain; guarded by this. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        JdkConnection(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public synchronized CompletableFuture<Void> sendText(String frame) {
            CompletableFuture<Void> next = tail.handle((v, t) -> null)
                    .thenCompose(v -> ws.sendText(frame, true))
                    .thenApply(w -> null);
            tail = next;
            return next;
        }

        @Override
        public CompletableFuture<Void> sendText(Payload message) {
            byte[] utf8 = new byte[message.length()];
            message.writeTo(utf8, 0);
            return sendText(new String(utf8, StandardCharsets.UTF_8));
        }

        @Override
        public synchronized void sendPing() {
            tail = tail.handle((v, t) -> null).thenCompose(v -> ws.sendPing(ByteBuffer.allocate(0))).thenApply(w -> null);
        }

        @Override
        public void close(int code, String reason) {
            synchronized (this) {
                tail = tail.handle((v, t) -> null).thenCompose(v -> ws.sendClose(code, reason)).thenApply(w -> null);
            }
        }

        @Override
        public void abort() {
            ws.abort();
        }
    }
}
