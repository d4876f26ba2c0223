package dev.tau4j.internal.debug;

import dev.tau4j.internal.Redaction;

import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Stall;

import dev.tau4j.Response;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's connection to the debug server: the tap the session feeds, a listener for its
 * states, responses and errors, and the writer (a virtual thread) that connects and sends them.
 *
 * <h2>Never in the session's way</h2>
 * {@link #received}, {@link #sent} and the listener methods only enqueue (the reader and the
 * senders call them). The queue is bounded by characters ({@link #QUEUE_CHARS}): when the debug
 * server lags, frames are dropped and counted ({@code tau.dropped} tells the server once the
 * writer is back under half the queue); small control messages get twice the room. One virtual thread writes; a
 * send that takes longer than {@link #SEND_TIMEOUT_SECONDS} ends the relay, never the session.
 */
final class Relay implements DebugTap, SessionListener {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    /** At most this many characters wait for the debug server (about 4 MB of frames). */
    static final long QUEUE_CHARS = 4L * 1024 * 1024;
    static final long SEND_TIMEOUT_SECONDS = 10;
    static final Duration EXIT_FLUSH = Duration.ofSeconds(2);
    /** Relays still connecting or sending, for the exit flush. */
    private static final Set<Relay> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK = new AtomicBoolean();

    /** A message waiting to be sent; a frame is wrapped into {@code tau.event} by the writer, off the reader. */
    private record Out(String direction, long epochMillis, String text) {
        static final Out END = new Out(null, 0, "");

        String render() {
            return direction == null ? text : RelayMessages.event(direction, epochMillis, text);
        }
    }

    private final Session session;
    /** Keeps the session's key masked until the last message was written (the client may close first). */
    private final Redaction.Registration secretHold;
    private final String display;
    private final RelayCommands commands;
    private final LinkedBlockingQueue<Out> queue = new LinkedBlockingQueue<>();
    /** Characters in {@link #queue}; approximate under races, which only moves the drop point a little. */
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicLong droppedFrames = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completes when the debug server closed its side of the socket. */
    private final CompletableFuture<Void> closeAnswered = new CompletableFuture<>();
    /** Completes when the writer is done (sent everything and closed, or gave up). */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** True once the debug server proved it holds the token (written by the relay's thread before the writer runs). */
    private volatile boolean authenticated;
    /** The session's provider name for the announce; null when not known. */
    private final String provider;
    /** Removes this relay's session listener; null until {@link #begin}. */
    private volatile AutoCloseable listenerHandle;

    Relay(Session session, String display) {
        this(session, display, null, null);
    }

    Relay(Session session, String display, String secret, String provider) {
        this.secretHold = Redaction.register(secret);
        this.session = session;
        this.display = display;
        this.provider = provider;
        this.commands = new RelayCommands(session, this);
    }

    /**
     * Starts relaying: the announce is queued first, the listener registered, and the socket
     * opened on a virtual thread. Until it is open, what the session shows waits in the queue;
     * when it cannot be opened the relay ends and drops it. Never blocks.
     */
    void begin(DebugEndpoint endpoint) {
        enqueue(new Out(null, 0, RelayMessages.hello(session, provider)), false);
        ACTIVE.add(this);
        finished.whenComplete((v, t) -> ACTIVE.remove(this));
        if (HOOK.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Relay::flushAtExit, "tau4j-debug-flush"));
            } catch (IllegalStateException | SecurityException e) {
                // the JVM is already exiting (or hooks are not allowed): relays just get no grace at exit
            }
        }
        listenerHandle = session.addListener(this);
        Thread.ofVirtual().name("tau4j-debug-relay-" + session.name()).start(() -> run(endpoint));
        SessionState now = session.state();
        if (now == SessionState.CLOSED || now == SessionState.FAILED) {
            close();
        }
    }

    private void run(DebugEndpoint endpoint) {
        try {
            WebSocket ws = DebugRelay.connect(session, endpoint, commands);
            if (ws == null || !authenticate(ws, endpoint)) {
                closed.set(true);
                stopListening();
                queue.clear();
                queuedChars.set(0);
                return;
            }
            writeLoop(ws);
        } finally {
            secretHold.close();
            finished.complete(null);
        }
    }

    /**
     * Runs {@link RelayAuth}'s exchange: true when the peer proved it holds the token (then the
     * relay proved it too, and commands are accepted); otherwise the socket is closed, one warning
     * logged, and nothing of the session was sent.
     */
    private boolean authenticate(WebSocket ws, DebugEndpoint endpoint) {
        String clientNonce = RelayAuth.nonce();
        String problem;
        try {
            send(ws, RelayAuth.challenge(clientNonce));
            String answer = commands.firstMessage().get(DebugRelay.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (RelayAuth.serverProved(answer, endpoint.token(), endpoint.port(), clientNonce)) {
                commands.authenticated();
                send(ws, RelayAuth.clientProof(endpoint.token(), endpoint.port(), clientNonce, RelayAuth.serverNonce(answer)));
                authenticated = true;
                return true;
            }
            problem = "answered the challenge without the right proof";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
            return false;
        } catch (TimeoutException e) {
            problem = "did not answer the challenge within " + DebugRelay.CONNECT_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            problem = "closed the connection before answering the challenge";
        }
        DebugRelay.notProved(session, endpoint, problem);
        ws.sendClose(1008, "not authenticated").orTimeout(1, TimeUnit.SECONDS).whenComplete((w, t) -> ws.abort());
        return false;
    }

    /** At exit: ends every relay and waits, {@link #EXIT_FLUSH} at most in total, for what they still have to send. */
    private static void flushAtExit() {
        long deadline = System.nanoTime() + EXIT_FLUSH.toNanos();
        for (Relay relay : List.copyOf(ACTIVE)) {
            relay.close();
            try {
                relay.finished.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }

    @Override
    public void received(String frame) {
        enqueue(new Out("server", System.currentTimeMillis(), frame), true);
    }

    @Override
    public void sent(String frame) {
        enqueue(new Out("client", System.currentTimeMillis(), frame), true);
    }

    @Override
    public void onStateChange(Session s, SessionState previous, SessionState current) {
        enqueue(new Out(null, 0, RelayMessages.state(previous, current)), false);
        if (current == SessionState.CLOSED || current == SessionState.FAILED) {
            close();
        }
    }

    @Override
    public void onStall(Session s, dev.tau4j.recovery.Stall stall) {
        enqueue(new Out(null, 0, RelayMessages.stall(stall)), false);
    }

    @Override
    public void onRollover(Session s, dev.tau4j.recovery.RecoveryStats stats) {
        enqueue(new Out(null, 0, RelayMessages.rollover(stats)), false);
    }

    @Override
    public void onResponse(Session s, Response response) {
        enqueue(new Out(null, 0, RelayMessages.response(s, response)), false);
    }

    @Override
    public void onError(Session s, TauException error) {
        enqueue(new Out(null, 0, RelayMessages.error(null, error)), false);
    }

    @Override
    public void failed(Throwable error) {
        enqueue(new Out(null, 0, RelayMessages.error(null, error)), false);
    }

    /** Reports a failed command of the UI to the UI. */
    void commandFailed(String command, Throwable error) {
        enqueue(new Out(null, 0, RelayMessages.error(command, error)), false);
    }

    /** Sends everything queued so far, then closes the socket. Idempotent; never blocks. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.add(Out.END);
            stopListening();
        }
    }

    private void stopListening() {
        AutoCloseable handle = listenerHandle;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "τ debug relay: removing the listener failed", e);
            }
        }
        commands.close();
    }

    /** The debug server closed the socket or it broke: stop relaying and say so once (unless we were closing). */
    void lost(String why) {
        closeAnswered.complete(null);
        if (!closed.get() && authenticated) {
            LOG.log(System.Logger.Level.WARNING, "τ {0}: the debug server at {1} went away ({2}); the session goes on"
                    + " without it", session.name(), display, why);
            close();
        }
    }

    long droppedFrames() {
        return droppedFrames.get();
    }

    long queuedChars() {
        return queuedChars.get();
    }

    private void enqueue(Out out, boolean droppable) {
        if (closed.get()) {
            return;
        }
        long size = out.text().length();
        long limit = droppable ? QUEUE_CHARS : 2 * QUEUE_CHARS;
        if (queuedChars.addAndGet(size) > limit) {
            queuedChars.addAndGet(-size);
            droppedFrames.incrementAndGet();
            return;
        }
        queue.add(out);
    }

    private void writeLoop(WebSocket ws) {
        long reportedDrops = 0;
        long reportedAudioDrops = 0;
        try {
            while (true) {
                Out out = queue.take();
                if (out == Out.END) {
                    break;
                }
                queuedChars.addAndGet(-out.text().length());
                send(ws, out.render());
                long drops = droppedFrames.get();
                long audioDrops = commands.droppedInputAudio();
                if ((drops != reportedDrops || audioDrops != reportedAudioDrops) && queuedChars.get() < QUEUE_CHARS / 2) {
                    send(ws, RelayMessages.dropped(drops, audioDrops));
                    reportedDrops = drops;
                    reportedAudioDrops = audioDrops;
                }
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "session ended").get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // The server answers the close after reading everything before it: then nothing is lost if the process exits.
            closeAnswered.get(EXIT_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ws.abort();
        } catch (ExecutionException | TimeoutException e) {
            ws.abort();
            lost(e instanceof TimeoutException ? "a send took over " + SEND_TIMEOUT_SECONDS + " s" : String.valueOf(e.getCause()));
        } finally {
            queue.clear();
            queuedChars.set(0);
        }
    }

    private static void send(WebSocket ws, String text) throws InterruptedException, ExecutionException, TimeoutException {
        ws.sendText(text, true).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
