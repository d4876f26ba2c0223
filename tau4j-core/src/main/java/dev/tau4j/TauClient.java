package dev.tau4j;

import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.session.DefaultSession;

import dev.tau4j.internal.Redaction;
import dev.tau4j.internal.transport.JdkWebSocketTransport;
import dev.tau4j.internal.transport.Transport;
import dev.tau4j.internal.transport.WebSocketTransport;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shareable, thread-safe client: credentials, endpoint, model, timeouts and an HTTP client,
 * from which sessions are opened. Create one per application and share it; close it at the end
 * (that closes the sessions still open).
 *
 * {@snippet :
 * try (TauClient client = TauClient.create(TauOptions.builder().model("gpt-realtime").build());
 *      Session session = client.connect(SessionOptions.builder().instructions("Be brief.").build())) {
 *     session.user("Hello!");
 *     System.out.println(session.response().transcript());
 * }
 * }
 */
public final class TauClient implements AutoCloseable {

    private static final AtomicInteger SESSION_COUNTER = new AtomicInteger();

    private final TauOptions options;
    /** The JDK transport's HTTP client; null with tau4j's own transport. */
    private final HttpClient http;
    private final Transport transport;
    /** The provider's protocol, shared by every session (a dialect with per-connection state makes its own). */
    private final Dialect dialect;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    /** Keeps the key masked in every log and message while this client is open; closed by {@link #close()}. */
    private final Redaction.Registration keyRegistration;

    private TauClient(TauOptions resolved, Dialect dialect) {
        this.options = resolved;
        this.dialect = dialect;
        this.keyRegistration = Redaction.register(resolved.apiKey());
        TransportOptions t = resolved.transport();
        if (t.implementation() == TransportOptions.Implementation.JDK) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(resolved.connectTimeout())
                    .executor(Executors.newVirtualThreadPerTaskExecutor());
            if (t.proxy() != null && t.proxy().address() instanceof InetSocketAddress address) {
                builder.proxy(ProxySelector.of(address));
            } else if (t.proxy() == Proxy.NO_PROXY) {
                builder.proxy(HttpClient.Builder.NO_PROXY);
            } else if (ProxySelector.getDefault() != null) {
                builder.proxy(ProxySelector.getDefault());
            }
            this.http = builder.build();
            this.transport = new JdkWebSocketTransport(http);
        } else {
            this.http = null;
            this.transport = new WebSocketTransport(t.proxy(), t.maxMessageBytes(), null);
        }
    }

    /** A client from the environment ({@code OPENAI_API_KEY}, {@code TAU_REALTIME_URL}, ...) and defaults. */
    public static TauClient create() {
        return create(TauOptions.DEFAULTS);
    }

    /** A client with {@code options}; unset options fall back to the environment, then defaults. */
    public static TauClient create(TauOptions options) {
        return create(options, System.getenv());
    }

    static TauClient create(TauOptions options, Map<String, String> env) {
        TauOptions resolved = Objects.requireNonNull(options, "options").resolve(env);
        Provider provider = resolved.provider();
        Dialect dialect = Dialect.of(provider);
        // Only the provider's own host needs a key; a simulator or another server may accept none (no auth header then).
        if (resolved.apiKey() == null && provider.tokenSupplier() == null && !provider.keyVariables().isEmpty()
                && provider.endpoint() != null && provider.endpoint().getHost() != null
                && provider.endpoint().getHost().equalsIgnoreCase(resolved.endpoint().getHost())) {
            throw new IllegalStateException("No API key for provider '" + provider.name() + "': set "
                    + String.join(" or ", provider.keyVariables()) + ", TauOptions.apiKey(...), or point TAU_REALTIME_URL / TauOptions.endpoint(...) at a simulator");
        }
        if (resolved.apiKey() == null && provider.tokenSupplier() == null && provider.endpoint() == null
                && resolved.endpoint().getHost() != null && resolved.endpoint().getHost().endsWith(".openai.azure.com")) {
            throw new IllegalStateException("No API key for provider 'azure': set AZURE_OPENAI_API_KEY, TauOptions.apiKey(...)"
                    + " or Provider.withTokenSupplier(...) for Entra ID tokens");
        }
        return new TauClient(resolved, dialect);
    }

    /** The resolved options (the API key is never shown by {@code toString()}). */
    public TauOptions options() {
        return options;
    }

    /** Adds a listener to every session opened from now on. */
    public TauClient addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Opens a session with the server defaults. */
    public Session connect() {
        return connect(SessionOptions.DEFAULTS);
    }

    /**
     * Opens a session: connects, waits for {@code session.created}, and applies {@code options}
     * (waiting for {@code session.updated}).
     *
     * @throws ConnectionClosedException if the server refuses the key or the model (it closes)
     * @throws HandshakeException        if the server refuses the upgrade with an HTTP status
     * @throws ConnectionException       if the server cannot be reached
     * @throws ServerErrorException      if the server rejects {@code options}
     * @throws TauTimeoutException       if all this takes longer than the connect timeout
     */
    public Session connect(SessionOptions options) {
        return connect(options, null);
    }

    /** Like {@link #connect(SessionOptions)}, naming the session ({@code null} for the default name). */
    public Session connect(SessionOptions options, String name) {
        return open(Objects.requireNonNull(options, "options"), name, false);
    }

    Session open(SessionOptions sessionOptions, String name, boolean ownsClient) {
        String sessionName = name != null ? name : options.name() != null ? options.name()
                : "tau-session-" + SESSION_COUNTER.incrementAndGet();
        Session[] opened = new Session[1];
        Runnable onEnded = () -> {
            if (opened[0] != null) {
                open.remove(opened[0]);
            }
            if (ownsClient) {
                close();
            }
        };
        Session session = DefaultSession.open(options, sessionOptions, sessionName, transport, dialect, listeners,
                onEnded);
        opened[0] = session;
        open.add(session);
        if (session.state().isFinal()) {
            open.remove(session);   // ended between opening and here
        }
        return session;
    }

    /**
     * Closes every open session of this client and releases the HTTP client; from then on the key
     * is no longer among those masked in logs (the set of masked keys is that of open clients).
     * Idempotent.
     */
    @Override
    public void close() {
        for (Session s : List.copyOf(open)) {
            s.close();
        }
        if (http != null) {
            http.shutdownNow();
        }
        keyRegistration.close();
    }

    @Override
    public String toString() {
        return "TauClient[" + options + "]";
    }
}
