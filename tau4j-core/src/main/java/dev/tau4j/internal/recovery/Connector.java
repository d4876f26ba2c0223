package dev.tau4j.internal.recovery;

import dev.tau4j.ConnectionException;
import dev.tau4j.HandshakeException;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.TauTimeoutException;
import dev.tau4j.TransportOptions;
import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.transport.Transport;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens one connection of a session: the URL, the key's header, the handshake, and what a failure means. */
public final class Connector {

    private final Transport transport;
    private final Dialect dialect;
    private final TauOptions options;

    public Connector(Transport transport, Dialect dialect, TauOptions options) {
        this.transport = transport;
        this.dialect = dialect;
        this.options = options;
    }

    /**
     * Connects {@code w} and waits for its {@code session.created}, within the connect timeout.
     * Throws a {@link HandshakeException}, {@link ConnectionException}, a
     * {@link dev.tau4j.ConnectionClosedException} (closed before {@code session.created}) or a
     * {@link TauTimeoutException}; {@code w} is dropped on failure.
     */
    public Wire connect(Wire w) {
        Duration timeout = options.connectTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = dialect.connectUri(options.endpoint(), options.model());
        try {
            w.connected(transport.connect(uri, dialect.headers(options.apiKey()), timeout, w)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            w.created().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return w;
        } catch (ExecutionException e) {
            w.abort();
            throw connectFailure(uri, e.getCause());
        } catch (TimeoutException e) {
            w.abort();
            throw new TauTimeoutException("session.created from " + safe(uri) + commonPoolHint(options), timeout);
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
    private static String commonPoolHint(TauOptions options) {
        if (options.transport().implementation() != TransportOptions.Implementation.JDK) {
            return "";   // tau4j's own transport does not use the common pool
        }
        ForkJoinPool pool = ForkJoinPool.commonPool();
        if (pool.getActiveThreadCount() < ForkJoinPool.getCommonPoolParallelism()) {
            return "";
        }
        return "; the common ForkJoinPool is saturated, and the JDK's WebSocket client needs it to finish"
                + " opening: do not block it (or raise -Djava.util.concurrent.ForkJoinPool.common.parallelism)";
    }

    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }
}
