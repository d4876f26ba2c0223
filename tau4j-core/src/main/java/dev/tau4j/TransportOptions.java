package dev.tau4j;

import java.net.InetSocketAddress;
import java.net.Proxy;

/**
 * How sessions reach the server: which WebSocket client, through which proxy, and the largest
 * message accepted.
 *
 * @param implementation  {@link Implementation#TAU4J} (default) or {@link Implementation#JDK}
 * @param proxy           an HTTP proxy (tunnelled with {@code CONNECT}), {@link Proxy#NO_PROXY}, or null
 *                        for the JDK's default proxy selector: {@code https.proxyHost} /
 *                        {@code https.proxyPort} for {@code wss://}, {@code http.proxyHost} /
 *                        {@code http.proxyPort} for {@code ws://}, and {@code http.nonProxyHosts}
 * @param maxMessageBytes the largest server message accepted (default 16 MiB). A larger one ends the
 *                        connection with close code 1009 and fails the session with a
 *                        {@link MessageTooLargeException}, never retried: reconnecting would ask for
 *                        (and pay for) the same message again. The JDK client has no such limit.
 */
public record TransportOptions(Implementation implementation, Proxy proxy, int maxMessageBytes) {

    /** The WebSocket client sessions use. */
    public enum Implementation {
        /**
         * tau4j's own RFC 6455 client on JDK socket channels: hands messages to the decoder as UTF-8
         * bytes; one reader thread per connection, parked while the connection is quiet, and one
         * selector thread per JVM that watches the quiet connections and answers their pings.
         */
        TAU4J,
        /** {@code java.net.http.WebSocket}: decodes every text message to UTF-16 first; slower. */
        JDK
    }

    /** The default message limit: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** tau4j's client, the JDK's default proxy selector, 16 MiB messages. */
    public static final TransportOptions DEFAULT = new TransportOptions(Implementation.TAU4J, null,
            DEFAULT_MAX_MESSAGE_BYTES);

    public TransportOptions {
        java.util.Objects.requireNonNull(implementation, "implementation");
        if (proxy != null && proxy.type() == Proxy.Type.SOCKS) {
            throw new IllegalArgumentException("only HTTP proxies (CONNECT) are supported, got " + proxy);
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
    }

    /** These options with another WebSocket client. */
    public TransportOptions withImplementation(Implementation implementation) {
        return new TransportOptions(implementation, proxy, maxMessageBytes);
    }

    /** These options connecting through the HTTP proxy at {@code host:port}. */
    public TransportOptions withProxy(String host, int port) {
        return withProxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)));
    }

    /** These options with {@code proxy} ({@link Proxy#NO_PROXY} to ignore the system properties; null for them). */
    public TransportOptions withProxy(Proxy proxy) {
        return new TransportOptions(implementation, proxy, maxMessageBytes);
    }

    /** These options with another message limit. */
    public TransportOptions withMaxMessageBytes(int maxMessageBytes) {
        return new TransportOptions(implementation, proxy, maxMessageBytes);
    }
}
