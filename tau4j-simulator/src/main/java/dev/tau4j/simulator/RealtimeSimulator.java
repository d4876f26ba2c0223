package dev.tau4j.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An offline OpenAI Realtime (GA, and beta on request) WebSocket server for tests and development,
 * in the spirit of OkHttp's MockWebServer; with {@link Builder#dialect(SimDialect)} it speaks
 * Azure's, xAI's or Gemini Live's flavour instead.
 *
 * <pre>{@code
 * try (RealtimeSimulator sim = RealtimeSimulator.start()) {
 *     sim.enqueue(Reply.text("Hi there."));
 *     // connect a client to sim.url() + "?model=gpt-realtime" (no API key needed)
 *     RecordedEvent first = sim.takeClientEvent(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Each accepted connection is a {@link SimulatedSession} served by its own virtual thread;
 * any number run at once. Who answers: replies {@linkplain #enqueue(Reply) enqueued} here first
 * (FIFO, shared by all sessions), then the {@link Responder} ({@link DefaultResponder} unless
 * configured). Thread-safe. {@link #close()} is idempotent and returns once the port is released.
 */
public final class RealtimeSimulator implements AutoCloseable {
    /** Default {@link Builder#recording(int)}: client events kept per session (and in the shared queue). */
    public static final int DEFAULT_RECORDING = 10_000;
    /** Input audio kept for {@link SimulatedSession#inputAudio()} while recording: 64 MiB (about 23 minutes of PCM16 24 kHz). */
    static final int MAX_RECORDED_AUDIO_BYTES = 64 * 1024 * 1024;
    private static final Pattern KNOWN_MODEL = Pattern.compile("gpt-realtime.*|gpt-4o.*realtime.*|gpt-audio.*");

    private final Builder config;
    private final Server server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<RecordedEvent> clientEvents;
    private final LinkedBlockingQueue<SimulatedSession> acceptedQueue = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicReference<List<Fault>> nextConnectionFaults = new AtomicReference<>(List.of());
    private final AtomicLong connectionCount = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final GeminiHandles geminiHandles = new GeminiHandles();
    private final int port;

    private RealtimeSimulator(Builder b) {
        this.config = b;
        this.clientEvents = new LinkedBlockingQueue<>(Math.max(1, b.recording));
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("tau4j-sim");
        // Jetty hands every read (and write completion) to this executor as a "blocking" task. Nothing
        // the simulator does there waits (frames are queued for the session threads, writes are
        // asynchronous), so it runs on the selector thread itself: a virtual thread per read, and the
        // selector wake-up when it asked to read again, cost 30 % of the server's CPU (measured).
        pool.setVirtualThreadsExecutor(Runnable::run);
        server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(b.host);
        connector.setPort(b.port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(32L * 1024 * 1024);
            // Jetty sizes each incoming message's builder by this: 2 KiB fits a 20 ms append (1.3 KB)
            // and halves the garbage of the default under load; bigger messages grow as needed.
            container.setInputBufferSize(2048);
            container.setIdleTimeout(Duration.ZERO);
            for (String path : b.dialect.paths()) {
                container.addMapping(path, this::create);
            }
        });
        if (b.dialect == SimDialect.GEMINI) {
            Handshake.acceptDoubleSlash(connector);
        }
        server.setHandler(ws);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the simulator on " + b.host + ":" + b.port + ": " + e, e);
        }
        this.port = connector.getLocalPort();
    }

    /** Starts a simulator with the defaults (127.0.0.1, free port, fast pace, no key needed, beta rejected). */
    public static RealtimeSimulator start() {
        return builder().start();
    }

    /** A builder for a configured simulator. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code ws://HOST:PORT/v1/realtime} ({@code /openai/v1/realtime} for {@link SimDialect#AZURE});
     * clients append {@code ?model=…}. For {@link SimDialect#GEMINI} the {@code v1beta}
     * BidiGenerateContent URL, to which clients may append {@code ?key=…} (the model goes in
     * {@code setup}); the {@code v1alpha} path is served as well.
     */
    public URI url() {
        return URI.create("ws://" + config.host + ":" + port + config.dialect.path());
    }

    /** The dialect this simulator speaks. */
    public SimDialect dialect() {
        return config.dialect;
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** Queues a reply for the next response of any session, ahead of the responder. */
    public void enqueue(Reply reply) {
        script.add(Objects.requireNonNull(reply, "reply"));
    }

    /**
     * The next client event received by any session (in arrival order), waiting up to {@code
     * timeout}; {@code null} on timeout. The queue keeps the last {@linkplain Builder#recording(int)
     * recording limit} events; with recording off it stays empty.
     */
    public RecordedEvent takeClientEvent(Duration timeout) throws InterruptedException {
        return clientEvents.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The next accepted connection not returned before (including connections that failed auth),
     * waiting up to {@code timeout}; {@code null} on timeout.
     */
    public SimulatedSession awaitSession(Duration timeout) throws InterruptedException {
        return acceptedQueue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every connection accepted so far, in order (with recording off: those still open). */
    public List<SimulatedSession> sessions() {
        List<SimulatedSession> out = new ArrayList<>();
        for (Connection c : connections) {
            out.add(c.handle());
        }
        return List.copyOf(out);
    }

    /**
     * Arms faults on the next connection only. {@link Fault.RejectHandshake} answers that
     * upgrade with an HTTP error instead of 101; the others are armed before {@code
     * session.created}.
     */
    public void injectOnNextConnection(Fault... faults) {
        nextConnectionFaults.set(List.copyOf(Arrays.asList(faults)));
    }

    /** Stops accepting, drops the live sessions and releases the port; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Connection c : connections) {
            c.stop();
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the simulator: " + e, e);
        }
    }

    private Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        List<Fault> faults = nextConnectionFaults.getAndSet(List.of());
        return Handshake.accept(this, config.seed * 1_000_003L + connectionCount.incrementAndGet(), faults, request, response, callback);
    }

    // ---- used by Connection ----

    void accepted(Connection c) {
        connections.add(c);
        if (config.recording > 0) {
            acceptedQueue.add(c.handle());
        }
        if (closed.get()) {
            c.stop();
        }
    }

    /** A session ended: with recording off it is forgotten, so a long-running simulator does not grow. */
    void finished(Connection c) {
        if (config.recording == 0) {
            connections.remove(c);
        }
    }

    void recorded(RecordedEvent e) {
        while (!clientEvents.offer(e)) {
            clientEvents.poll();
        }
    }

    Reply nextScripted() {
        return script.poll();
    }

    Responder responder() {
        return config.responder;
    }

    Pace pace() {
        return config.pace;
    }

    String requiredApiKey() {
        return config.requiredApiKey;
    }

    BetaShape betaShape() {
        return config.betaShape;
    }

    Duration sessionExpiry() {
        return config.sessionExpiry;
    }

    Duration connectionLifetime() {
        return config.connectionLifetime;
    }

    GeminiHandles geminiHandles() {
        return geminiHandles;
    }

    Duration pingInterval() {
        return config.pingInterval;
    }

    int recordLimit() {
        return config.recording;
    }

    static boolean isKnownModel(String model) {
        return KNOWN_MODEL.matcher(model).matches();
    }

    /** Configures and {@linkplain #start() starts} a simulator. Not thread-safe; reusable. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Pace pace = Pace.FAST;
        private String requiredApiKey;
        private BetaShape betaShape = BetaShape.REJECT;
        private SimDialect dialect = SimDialect.OPENAI;
        private Duration pingInterval = Duration.ofSeconds(20);
        private int recording = DEFAULT_RECORDING;
        private Duration sessionExpiry = Duration.ofMinutes(60);
        private Duration connectionLifetime = Duration.ofMinutes(10);
        private Responder responder = new DefaultResponder();
        private long seed = 42L;

        private Builder() {}

        /** Interface to bind; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; default 0 (a free port, see {@link RealtimeSimulator#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535");
            }
            this.port = port;
            return this;
        }

        /** Output pacing; default {@link Pace#FAST}. */
        public Builder pace(Pace pace) {
            this.pace = Objects.requireNonNull(pace, "pace");
            return this;
        }

        /**
         * The only API key accepted, as the live service checks one: another key gets {@code
         * invalid_api_key} + close 3000, none gets "Missing bearer or basic authentication in
         * header" + close 3000 ({@link SimDialect#GEMINI}: close 1008 on {@code setup}, "API key not valid.
         * Please pass a valid API key."). Default {@code null}: connections with any key or none are accepted.
         */
        public Builder requiredApiKey(String key) {
            this.requiredApiKey = key;
            return this;
        }

        /**
         * Treatment of clients sending {@code OpenAI-Beta: realtime=v1}; default {@link
         * BetaShape#REJECT}, as the live service since 2026.
         */
        public Builder betaShape(BetaShape betaShape) {
            this.betaShape = Objects.requireNonNull(betaShape, "betaShape");
            return this;
        }

        /**
         * Maximum session duration (then {@code session_expired} + close 1001); default 60 minutes.
         * Not used by {@link SimDialect#GEMINI}, whose connections end at {@link #connectionLifetime(Duration)}.
         */
        public Builder sessionExpiry(Duration expiry) {
            if (expiry == null || expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("sessionExpiry must be positive");
            }
            this.sessionExpiry = expiry;
            return this;
        }

        /**
         * {@link SimDialect#GEMINI} only: how long one connection lives, like the live service's
         * cap of about 10 minutes (the default). {@code goAway} announces the end 50 s before
         * (half the lifetime when shorter); then the connection is closed with 1011 "Deadline
         * expired before operation could complete.", and the client resumes on a new one.
         */
        public Builder connectionLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("connectionLifetime must be positive");
            }
            this.connectionLifetime = lifetime;
            return this;
        }

        /**
         * How often each session sends a WebSocket PING (the live service: about every 20 s, the
         * default); {@code null} for none.
         */
        public Builder pingInterval(Duration every) {
            if (every != null && (every.isNegative() || every.isZero())) {
                throw new IllegalArgumentException("pingInterval must be positive or null");
            }
            this.pingInterval = every;
            return this;
        }

        /**
         * How many client events each session keeps for {@link SimulatedSession#clientEvents()}
         * (and the simulator for {@link RealtimeSimulator#takeClientEvent(Duration)}), oldest
         * dropped first; with recording on, sessions also keep up to 64 MiB of input audio for
         * {@link SimulatedSession#inputAudio()}. {@code 0} turns recording off (for a long-running
         * or loaded simulator): then {@link RealtimeSimulator#sessions()} lists only open sessions
         * and {@link RealtimeSimulator#awaitSession(Duration)} returns none. Default {@value
         * RealtimeSimulator#DEFAULT_RECORDING}.
         */
        public Builder recording(int maxEvents) {
            if (maxEvents < 0) {
                throw new IllegalArgumentException("recording must be >= 0, got " + maxEvents);
            }
            this.recording = maxEvents;
            return this;
        }

        /** Who answers responses not covered by enqueued replies; default {@link DefaultResponder}. */
        public Builder responder(Responder responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** Seed for ids, obfuscation strings and random fault triggers; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Which provider's protocol to speak; default {@link SimDialect#OPENAI}. */
        public Builder dialect(SimDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** Starts a simulator with this configuration. */
        public RealtimeSimulator start() {
            Builder copy = new Builder();
            copy.host = host;
            copy.port = port;
            copy.pace = pace;
            copy.requiredApiKey = requiredApiKey;
            copy.betaShape = betaShape;
            copy.dialect = dialect;
            copy.sessionExpiry = sessionExpiry;
            copy.connectionLifetime = connectionLifetime;
            copy.responder = responder;
            copy.seed = seed;
            copy.pingInterval = pingInterval;
            copy.recording = recording;
            return new RealtimeSimulator(copy);
        }
    }
}
