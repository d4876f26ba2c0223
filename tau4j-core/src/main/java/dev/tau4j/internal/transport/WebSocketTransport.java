package dev.tau4j.internal.transport;

import dev.tau4j.HandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLEngine;

/**
 * tau4j's own RFC 6455 client on JDK sockets: TLS with the JDK's trust store and SNI, an HTTP
 * CONNECT proxy, client masking, fragmented messages, ping/pong, the close handshake, a maximum
 * message size and a connect timeout. Each connection is a non-blocking socket channel with one
 * virtual thread that connects (blocking, within the timeout), then reads for the connection's whole
 * life; while the connection is quiet that thread is parked and the JVM's one selector thread
 * ({@link SelectorLoop}) watches the socket and answers the server's pings. Frames are written on
 * the sender's thread ({@link ChannelWriter}). TLS is an {@link SSLEngine} ({@link Tls}). Thread-safe;
 * shareable.
 */
public final class WebSocketTransport implements Transport {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_REFUSAL_BODY = 64 * 1024;
    private static final SecureRandom KEYS = new SecureRandom();

    private final Proxy proxy;
    private final int maxMessageBytes;
    private final SSLContext tls;

    /**
     * A transport.
     *
     * @param proxy           an HTTP proxy, {@link Proxy#NO_PROXY}, or null for the JDK's default
     *                        {@link ProxySelector} ({@code https.proxyHost}/{@code https.proxyPort} for
     *                        {@code wss://}, {@code http.proxyHost}/{@code http.proxyPort} for {@code ws://},
     *                        {@code http.nonProxyHosts})
     * @param maxMessageBytes the largest message accepted; a larger one closes the connection with 1009
     * @param tls             the TLS context, or null for the JDK's default (its trust store)
     */
    public WebSocketTransport(Proxy proxy, int maxMessageBytes, SSLContext tls) {
        if (proxy != null && proxy.type() == Proxy.Type.SOCKS) {
            throw new IllegalArgumentException("only HTTP (CONNECT) proxies are supported, got " + proxy);
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
        this.proxy = proxy;
        this.maxMessageBytes = maxMessageBytes;
        this.tls = tls;
    }

    @Override
    public CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Duration timeout,
            FrameHandler handler) {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread.ofVirtual().name("tau4j-ws-reader").start(() -> {
            WebSocketConnection c;
            try {
                c = open(uri, headers, deadline, handler);
            } catch (Throwable e) {
                opened.completeExceptionally(e);
                return;
            }
            if (System.nanoTime() - deadline > 0 || !opened.complete(c)) {
                c.abort();   // nobody waits for it any more
                opened.completeExceptionally(new SocketTimeoutException("WebSocket handshake timed out"));
                return;
            }
            c.read();
        });
        return opened;
    }

    private WebSocketConnection open(URI uri, Map<String, String> headers, long deadline, FrameHandler handler)
            throws IOException {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("not a ws:// or wss:// URL: " + uri.getScheme() + "://" + uri.getAuthority());
        }
        boolean secure = scheme.equals("wss");
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("URL has no host: " + uri.getScheme() + "://" + uri.getRawAuthority());
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        Proxy via = proxyFor(secure, bareHost, port);
        SocketChannel channel = SocketChannel.open();
        try {
            Socket raw = channel.socket();
            InetSocketAddress target = via.type() == Proxy.Type.HTTP ? (InetSocketAddress) via.address()
                    : new InetSocketAddress(bareHost, port);
            if (target.isUnresolved()) {
                target = new InetSocketAddress(target.getHostString(), target.getPort());
            }
            raw.connect(target, remainingMillis(deadline));
            raw.setTcpNoDelay(true);
            if (via.type() == Proxy.Type.HTTP) {
                tunnel(raw, authority(host, port), deadline);
            }
            raw.setSoTimeout(remainingMillis(deadline));
            InputStream rawIn = raw.getInputStream();
            OutputStream rawOut = raw.getOutputStream();
            Tls session = null;
            InputStream plainIn = rawIn;
            OutputStream out = rawOut;
            if (secure) {
                session = startTls(bareHost, port);
                session.handshake(rawIn, rawOut);
                plainIn = session.input(rawIn);
                out = session.output(rawOut);
            }
            SocketInput in = new SocketInput(plainIn);
            byte[] nonce = new byte[16];
            KEYS.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            out.write(upgradeRequest(uri, host, port, secure, key, headers));
            Map<String, String> response = new HashMap<>();
            int status = readHead(in, response);
            if (status != 101) {
                throw new HandshakeException(status, refusalBody(in, response), null);
            }
            checkUpgrade(response, key);
            byte[] early = in.unread();
            byte[] ahead = session == null ? new byte[0] : Tls.leftover(plainIn);
            byte[] leftover = new byte[early.length + ahead.length];
            System.arraycopy(early, 0, leftover, 0, early.length);
            System.arraycopy(ahead, 0, leftover, early.length, ahead.length);
            channel.configureBlocking(false);
            return new WebSocketConnection(channel, session, leftover, handler, maxMessageBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Proxy proxyFor(boolean secure, String host, int port) {
        if (proxy != null) {
            return proxy;
        }
        try {
            ProxySelector selector = ProxySelector.getDefault();
            if (selector != null) {
                for (Proxy p : selector.select(new URI(secure ? "https" : "http", null, host, port, "/", null, null))) {
                    if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress) {
                        return p;
                    }
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no usable proxy setting: connect directly
        }
        return Proxy.NO_PROXY;
    }

    /** Opens a tunnel to {@code authority} through the HTTP proxy {@code raw} is connected to. */
    private static void tunnel(Socket raw, String authority, long deadline) throws IOException {
        raw.setSoTimeout(remainingMillis(deadline));
        String request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
        raw.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        SocketInput in = new SocketInput(raw.getInputStream());
        int status = readHead(in, new HashMap<>());
        if (status / 100 != 2) {
            throw new IOException("HTTP proxy refused CONNECT to " + authority + " with HTTP " + status);
        }
        if (in.available() > 0) {
            throw new IOException("HTTP proxy sent data before the tunnel was used");
        }
    }

    private Tls startTls(String host, int port) throws IOException {
        SSLContext context;
        try {
            context = tls != null ? tls : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(params);
        return new Tls(engine);
    }

    private static byte[] upgradeRequest(URI uri, String host, int port, boolean secure, String key,
            Map<String, String> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("GET ").append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(port == (secure ? 443 : 80) ? host : authority(host, port)).append("\r\n");
        sb.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        sb.append("Sec-WebSocket-Key: ").append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> {
            if (!isToken(name)) {
                throw new IllegalArgumentException("invalid header name");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                    // The value may be a credential: never echo it.
                    throw new IllegalArgumentException("invalid character in the value of header " + name);
                }
            }
            sb.append(name).append(": ").append(value).append("\r\n");
        });
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads a response head into {@code headers} (names lower-cased) and returns its status. */
    private static int readHead(SocketInput in, Map<String, String> headers) throws IOException {
        String[] lines = in.readHead(MAX_HEAD).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + (lines[0].length() > 40 ? lines[0].substring(0, 40) : lines[0]));
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        try {
            return Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line", e);
        }
    }

    private static String refusalBody(SocketInput in, Map<String, String> headers) {
        try {
            String length = headers.get("content-length");
            byte[] body;
            if (length != null) {
                body = in.readUpTo((int) Math.min(MAX_REFUSAL_BODY, Long.parseLong(length.strip())));
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = dechunk(in.readUpTo(MAX_REFUSAL_BODY));
            } else {
                body = in.readUpTo(MAX_REFUSAL_BODY);
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";   // the status says enough
        }
    }

    private static byte[] dechunk(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < s.length()) {
            int eol = s.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(s.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(s, eol + 2, Math.min(s.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void checkUpgrade(Map<String, String> headers, String key) throws IOException {
        if (!headers.getOrDefault("upgrade", "").toLowerCase(Locale.ROOT).contains("websocket")
                || !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new IOException("server answered 101 without upgrading to a WebSocket");
        }
        String expected;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            expected = Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!expected.equals(headers.get("sec-websocket-accept"))) {
            throw new IOException("server's Sec-WebSocket-Accept does not match the key");
        }
        if (headers.containsKey("sec-websocket-extensions") || headers.containsKey("sec-websocket-protocol")) {
            throw new IOException("server chose an extension or subprotocol that was not offered");
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("connect timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
