package dev.tau4j;

import dev.tau4j.internal.transport.Transport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens one connection of a session: the URL, the key's header, the handshake, and what a failure means. */
final class Connector {

    private Connector() {
    }

    /**
     * Connects {@code w} and waits for its {@code session.created}, within the connect timeout.
     * Throws a {@link HandshakeException}, {@link ConnectionException} or {@link TauTimeoutException};
     * {@code w} is dropped on failure.
     */
    static Wire connect(Transport transport, TauOptions options, Wire w) {
        Duration timeout = options.connectTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = realtimeUri(options.endpoint(), options.model());
        Map<String, String> headers = new LinkedHashMap<>();
        if (options.apiKey() != null) {
            headers.put("Authorization", "Bearer " + options.apiKey());
        }
        try {
            w.connection = transport.connect(uri, headers, timeout, w).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            w.created.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            w.openedNanos = System.nanoTime();
            return w;
        } catch (ExecutionException e) {
            w.abort();
            throw connectFailure(uri, e.getCause());
        } catch (TimeoutException e) {
            w.abort();
            throw new TauTimeoutException("session.created from " + safe(uri) + commonPoolHint(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.abort();
            throw new TauException("Interrupted while connecting to " + safe(uri), e);
        }
    }

    private static TauException connectFailure(URI uri, Throwable cause) {
        if (cause instanceof TauException te) {
            return te;
        }
        if (cause instanceof WebSocketHandshakeException h) {
            Object body = h.getResponse().body();
            return new HandshakeException(h.getResponse().statusCode(), body == null ? "" : body.toString(), h);
        }
        return new ConnectionException("Cannot connect to " + safe(uri) + ": " + cause, cause);
    }

    /**
     * java.net.http.WebSocket finishes its opening handshake on the common fork-join pool; an
     * application that keeps that pool busy (one thread on a 2-core machine) stalls every connect.
     */
    private static String commonPoolHint() {
        ForkJoinPool pool = ForkJoinPool.commonPool();
        if (pool.getActiveThreadCount() < ForkJoinPool.getCommonPoolParallelism()) {
            return "";
        }
        return "; the common ForkJoinPool is saturated, and the JDK's WebSocket client needs it to finish"
                + " opening: do not block it (or raise -Djava.util.concurrent.ForkJoinPool.common.parallelism)";
    }

    static URI realtimeUri(URI endpoint, String model) {
        String query = endpoint.getRawQuery();
        if (query != null && (query.startsWith("model=") || query.contains("&model="))) {
            return endpoint;
        }
        String param = "model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        String s = endpoint.toString();
        return URI.create(s + (query == null ? "?" : "&") + param);
    }

    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }
}
