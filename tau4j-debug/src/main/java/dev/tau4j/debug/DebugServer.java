package dev.tau4j.debug;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.tau4j.debug.internal.SocketEndpoint;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The local debug server: a browser UI to watch sessions live (every event, the transcript, the
 * model's audio, usage and cost) and to talk to one of them (text, microphone).
 *
 * <pre>{@code
 * try (DebugServer debug = DebugServer.start()) {
 *     System.out.println("open " + debug.url());
 *     TauOptions options = TauOptions.builder().debug(true).debugUrl(debug.sessionUrl()).build();
 *     // sessions created with these options stream to the UI
 * }
 * }</pre>
 *
 * <h2>Security</h2>
 * It listens on 127.0.0.1 unless told otherwise. A random token (256 bits) is required for the
 * page, its downloads and every page's WebSocket; a session's relay and this server prove to each
 * other that they hold it (an HMAC of fresh nonces, the server first) without sending it, so a
 * relay tells nothing to a process that took the port. A WebSocket upgrade from a foreign
 * {@code Origin} is refused (cross-site WebSocket hijacking would let any web page listen to the
 * microphone), and so is any {@code Host} other than a loopback name (DNS rebinding). Sessions
 * never send their API key (it travels only in their handshake with the model's server) and mask
 * any piece of it a model server echoes.
 *
 * <h2>Endpoints</h2>
 * {@code GET /?token=…} the UI; {@code /ui/*} its files; {@code /api/sessions/<sid>/events.jsonl},
 * {@code output.wav}, {@code input.wav} a session's recording; WebSocket {@code /session} for
 * sessions (tau4j-core's relay, authenticated on the socket) and {@code /ui?token=…} for pages. The messages are in docs/debug.md.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and releases the port.
 */
public final class DebugServer implements AutoCloseable {

    /** The port of {@code ./tau debug start} and of tau4j-core's default debug URL. */
    public static final int DEFAULT_PORT = 30033;

    private final Server server;
    private final Access access;
    private final Hub hub = new Hub();
    private final String host;
    private final int port;
    private final TokenFile tokenFile;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DebugServer(Builder b) {
        this.host = b.host;
        this.access = new Access(b.token != null ? b.token : Access.newToken(), b.host);
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("tau4j-debug");
        pool.setVirtualThreadsExecutor(task -> Thread.ofVirtual().name("tau4j-debug-io").start(task));
        server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(b.host);
        connector.setPort(b.port);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ZERO);
            container.setMaxTextMessageSize(SessionChannel.MAX_MESSAGE_CHARS);
            container.addMapping("/session", (request, response, callback) -> upgrade(request, response, callback, true));
            container.addMapping("/ui", (request, response, callback) -> upgrade(request, response, callback, false));
        });
        ws.setHandler(new Pages(access, hub));
        server.setHandler(ws);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("Could not start the debug server on " + b.host + ":" + b.port + ": " + e.getMessage()
                    + (b.port != 0 ? " (is another one running? ./tau debug start --port N picks another port)" : ""), e);
        }
        this.port = connector.getLocalPort();
        this.tokenFile = b.publishToken ? TokenFile.publish(b.home, port, access.token()) : null;
    }

    /** Starts a debug server on 127.0.0.1 on a free port, with a new token and no token file: for tests and embedding. */
    public static DebugServer start() {
        return builder().start();
    }

    /** A builder: host, port, token, token file. */
    public static Builder builder() {
        return new Builder();
    }

    /** The UI's address with its token: {@code http://127.0.0.1:PORT/?token=…}. Open it in a browser. */
    public URI url() {
        return URI.create("http://" + authority() + "/?token=" + URLEncoder.encode(access.token(), StandardCharsets.UTF_8));
    }

    /**
     * Where sessions connect, with the token: {@code ws://127.0.0.1:PORT/session?token=…}. Pass it to
     * {@code TauOptions.builder().debug(true).debugUrl(…)} or put it in {@code TAU_DEBUG_URL}.
     */
    public URI sessionUrl() {
        return URI.create("ws://" + authority() + "/session?token=" + URLEncoder.encode(access.token(), StandardCharsets.UTF_8));
    }

    /** The token the page, its downloads and every WebSocket must present. Treat it like a password. */
    public String token() {
        return access.token();
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** The host it listens on. */
    public String host() {
        return host;
    }

    /** The token file sessions of other processes read ({@code ~/.tau4j/debug/PORT.token}), when published. */
    public Optional<Path> tokenFile() {
        return Optional.ofNullable(tokenFile).map(TokenFile::file);
    }

    /** Stops serving, disconnects sessions (they go on without it) and pages, deletes the token file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (tokenFile != null) {
            tokenFile.delete();
        }
        hub.closeAll();
        stopQuietly();
    }

    Hub hub() {
        return hub;
    }

    private String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger("dev.tau4j.debug").log(System.Logger.Level.DEBUG, "stopping the debug server failed", e);
        }
    }

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback,
            boolean session) {
        Access.Verdict verdict = access.checkWebSocket(request, !session);
        if (!verdict.allowed()) {
            response.setStatus(verdict.status());
            Pages.refusalHeaders(response);
            response.write(true, java.nio.ByteBuffer.wrap(("tau4j debug server: " + verdict.reason() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), callback);
            return null;
        }
        return new SocketEndpoint(session ? hub.newSession(access) : new UiChannel(hub));
    }

    /** Configures a {@link DebugServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String token;
        private boolean publishToken;
        private Path home = Path.of(System.getProperty("user.home", "."));

        private Builder() {
        }

        /**
         * The address to listen on (default {@code 127.0.0.1}). Anything but loopback exposes the UI,
         * and with it the microphone of whoever opens it, to the network: only the token protects it.
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 0: any free port; {@link #DEFAULT_PORT} for {@code ./tau debug start}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** A fixed token (at least 16 characters, URL-safe); default: a new random one. */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || !token.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("token must be at least 16 characters of A-Z a-z 0-9 _ -");
            }
            this.token = token;
            return this;
        }

        /**
         * Whether to write the token to {@code ~/.tau4j/debug/PORT.token} (owner-only) so that
         * sessions of other processes of this user find it with just {@code TAU_DEBUG=true}; deleted
         * on close. Default false; {@code ./tau debug start} turns it on.
         */
        public Builder publishToken(boolean publish) {
            this.publishToken = publish;
            return this;
        }

        /** The home directory the token file goes under (default: {@code user.home}); for tests. */
        Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** Starts the server. Throws {@link IllegalStateException} when the port is taken. */
        public DebugServer start() {
            return new DebugServer(this);
        }
    }
}
