package dev.tau4j;

import static dev.tau4j.PendingCalls.completeNext;
import static dev.tau4j.PendingCalls.completeWaiter;
import static dev.tau4j.PendingCalls.waiter;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.cost.BudgetMonitor;
import dev.tau4j.cost.UsageLedger;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.ConversationItemCreated;
import dev.tau4j.event.ConversationItemDelete;
import dev.tau4j.event.ConversationItemDeleted;
import dev.tau4j.event.ConversationItemDone;
import dev.tau4j.event.ConversationItemRetrieve;
import dev.tau4j.event.ConversationItemRetrieved;
import dev.tau4j.event.ConversationItemTruncate;
import dev.tau4j.event.ConversationItemTruncated;
import dev.tau4j.event.ErrorDetail;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.InputAudioBufferClear;
import dev.tau4j.event.InputAudioBufferCleared;
import dev.tau4j.event.InputAudioBufferCommit;
import dev.tau4j.event.InputAudioBufferCommitted;
import dev.tau4j.event.InputAudioTranscriptionCompleted;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.ResponseCreated;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ServerError;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionCreated;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.SessionUpdate;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.codec.EventCodec;
import dev.tau4j.internal.debug.DebugRelay;
import dev.tau4j.internal.debug.DebugTap;
import dev.tau4j.internal.transport.Transport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import dev.tau4j.event.ConversationItemAdded;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.InputAudioBufferSpeechStopped;
import dev.tau4j.event.ResponseOutputAudioDelta;
import java.util.function.Consumer;

/**
 * A logical session over one connection at a time ({@link Wire}). Server frames are handled on the
 * transport's reader, one at a time: internal state first (pending calls, response collectors,
 * the journal), then listeners. When a connection is lost, {@link Recovery} connects a new wire,
 * replays the {@link ConversationJournal} onto it, and resends what was in flight.
 */
final class DefaultSession implements Session {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    /** Runs publisher deliveries and timeouts; never the common pool, which applications may saturate. */
    static final Executor PUBLISHER_EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();
    /** Response timeouts: one daemon thread; the tasks only fail a future. Cancelled tasks leave the queue. */
    static final ScheduledThreadPoolExecutor TIMEOUTS = timeoutScheduler();
    private static final ThreadLocal<DefaultSession> READER = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final TauClient client;
    final TauOptions options;
    private final SessionOptions sessionOptions;
    final String name;
    private final boolean ownsClient;
    private final AudioFormat outputFormat;
    private final EventLogger eventLogger;
    private final AtomicLong eventCounter = new AtomicLong();
    private final AtomicLong queuedAudioBytes = new AtomicLong();
    final AtomicReference<SessionState> state = new AtomicReference<>(SessionState.CONNECTING);
    private final AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    final SessionAccounting accounting;
    /** Serialises listener calls made from the reader and from user threads (state changes on close). */
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final SubmissionPublisher<ServerEvent> eventPublisher = new SubmissionPublisher<>(PUBLISHER_EXECUTOR, 256);
    private final SubmissionPublisher<Response> responsePublisher = new SubmissionPublisher<>(PUBLISHER_EXECUTOR, 256);

    /** The first session.created: the session opened. */
    private final CompletableFuture<SessionInfo> created = new CompletableFuture<>();
    /** Calls waiting for the server's answer. */
    final PendingCalls calls = new PendingCalls();

    /** Responses being collected, by response id. Written by the reader; cleared on close. */
    final Map<String, ResponseCollector> collectors = new ConcurrentHashMap<>();
    /** The in-conversation response running now, or null. Written by the reader. */
    volatile String activeResponseId;
    /** The latest session object from the server; null until session.created. */
    private volatile SessionInfo sessionConfig;
    /** Where frames are shown when debug is on (module tau4j-debug); NONE otherwise. */
    private volatile DebugTap debugTap = DebugTap.NONE;
    /** The current connection; null until connected. */
    volatile Wire wire;
    private final AtomicInteger wireNumbers = new AtomicInteger();
    private Transport transport;
    private final Resilience resilience;
    /** The conversation to replay after a reconnect; null when recovery is off. */
    final ConversationJournal journal;
    final Recovery recovery;
    /**
     * Held while a call registers what it waits for and sends, and while a recovery resends what
     * is pending and switches wires: a call is either resent by the recovery or sent by itself.
     */
    final ReentrantLock sendLock = new ReentrantLock();
    /** Responses given up on (a stall re-requested them): their late events are only charged. */
    final java.util.Set<String> abandoned = ConcurrentHashMap.newKeySet();
    /** Whether the user is speaking (server VAD), so that a rollover waits for a pause. */
    volatile boolean userSpeaking;
    /** The last server error that answered no call, with its arrival time, to explain a close that follows. */
    private volatile ErrorDetail lastUnmatchedError;
    private volatile long lastUnmatchedErrorNanos;
    private final dev.tau4j.internal.tools.ToolRunner toolRunner = new dev.tau4j.internal.tools.ToolRunner(this); // tools:

    DefaultSession(TauClient client, TauOptions options, SessionOptions sessionOptions, String name, boolean ownsClient,
            List<SessionListener> initialListeners) {
        this.client = client;
        this.options = options;
        this.sessionOptions = sessionOptions;
        this.name = name;
        this.ownsClient = ownsClient;
        this.outputFormat = sessionOptions.outputAudioFormat() != null ? sessionOptions.outputAudioFormat()
                : AudioFormat.PCM16_24KHZ_MONO;
        this.eventLogger = new EventLogger(name, options.logging() == null ? 0 : options.logging());
        this.listeners.addAll(initialListeners);
        this.accounting = new SessionAccounting(this, options, sessionOptions);
        this.resilience = options.resilience();
        ReconnectPolicy policy = resilience.reconnect();
        AudioFormat in = sessionOptions.inputAudioFormat() != null ? sessionOptions.inputAudioFormat()
                : AudioFormat.PCM16_24KHZ_MONO;
        this.journal = policy.enabled() ? new ConversationJournal(sessionOptions.toJson(), policy.journalAudioBytes(),
                policy.journalItems(), options.sendQueueBytes(), in.bytesPerSecond() / 1000,
                outputFormat.bytesPerSecond() / 1000, accounting::onItemDeleted) : null;
        this.recovery = new Recovery(this, resilience);
        toolRunner.register(sessionOptions.executableTools()); // tools:
    }

    private static ScheduledThreadPoolExecutor timeoutScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tau4j-timeouts");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    // ---------------------------------------------------------------- connecting

    /** Connects, waits for session.created, and sends the session options. Closes itself on failure. */
    void open(Transport transport) {
        this.transport = transport;
        try {
            wire = connectWire();
            created.complete(wire.created.getNow(null));
            if (!SessionOptions.DEFAULTS.equals(sessionOptions)) {
                updateSession(sessionOptions);
            }
            accounting.opened();
            if (Boolean.TRUE.equals(options.debug())) {
                debugTap = DebugRelay.attach(this, options.debugUrl());   // never blocks: it connects in the background
            }
            changeState(SessionState.CONNECTING, SessionState.OPEN);
            recovery.started();
        } catch (RuntimeException e) {
            abortOpen();
            throw e;
        }
    }

    /**
     * Opens a new connection and waits for its session.created. Throws a {@link TauException}:
     * {@link HandshakeException}, {@link ConnectionException} or {@link TauTimeoutException}.
     */
    Wire connectWire() {
        return Connector.connect(transport, options, new Wire(this, wireNumbers.incrementAndGet()));
    }

    private void abortOpen() {
        Wire w = wire;
        if (w != null) {
            w.abort();
        }
        failEverything(new ConnectionClosedException(1006, "connect failed", null), SessionState.FAILED);
        if (ownsClient) {
            client.close();
        }
    }

    // ---------------------------------------------------------------- reading

    /** A text frame from {@code w}: decoded, handled, then shown to listeners (unless {@code w} is being restored). */
    void onFrame(Wire w, byte[] buf, int offset, int length) {
        READER.set(this);
        try {
            ServerEvent event;
            try {
                event = EventCodec.decode(buf, offset, length);
            } catch (ProtocolException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "τ " + name + ": " + e.getMessage());
                reportError(e);
                return;
            }
            DebugTap tap = debugTap;
            String frame = tap != DebugTap.NONE || eventLogger.logsFrames()
                    ? new String(buf, offset, length, java.nio.charset.StandardCharsets.UTF_8) : null;
            eventLogger.received(event, frame);
            tap.received(frame);
            handle(w, event);
            if (w.quiet) {
                return;
            }
            dispatch(l -> l.onEvent(this, event));
            if (eventPublisher.hasSubscribers()) {
                eventPublisher.submit(event);
            }
        } finally {
            READER.remove();
        }
    }

    void onBinaryFrame(Wire w, int bytes) {
        reportError(new ProtocolException("Server sent a binary frame of " + bytes + " bytes; realtime servers send text",
                null, null));
    }

    private void handle(Wire w, ServerEvent event) {
        switch (event) {
            case SessionCreated e -> {
                sessionConfig = e.session();
                w.created.complete(e.session());
            }
            case SessionUpdated e -> {
                sessionConfig = e.session();
                if (w.quiet && !w.restored.isDone()) {
                    w.restored.complete(e.session());
                } else {
                    completeNext(calls.updateWaiters, e.session());
                }
            }
            case ServerError e -> onServerError(e.error());
            case ConversationItemAdded e -> onItem(w, e.item(), e.previousItemId(), false);
            case ConversationItemDone e -> onItem(w, e.item(), e.previousItemId(), true);
            case ConversationItemCreated e -> onItem(w, e.item(), e.previousItemId(), true);
            case InputAudioTranscriptionCompleted e -> {
                accounting.onTranscription(e);
                if (journal != null) {
                    journal.onTranscript(e.itemId(), e.transcript());
                }
            }
            case ConversationItemRetrieved e -> completeWaiter(calls.retrieveWaiters, e.item() == null ? null : e.item().id(), e.item());
            case ConversationItemDeleted e -> {
                accounting.onItemDeleted(e.itemId());
                if (journal != null) {
                    journal.onDeleted(e.itemId());
                }
                completeWaiter(calls.deleteWaiters, e.itemId(), null);
            }
            case ConversationItemTruncated e -> {
                if (journal != null) {
                    journal.onTruncated(e.itemId(), e.audioEndMs());
                }
                completeWaiter(calls.truncateWaiters, e.itemId(), null);
            }
            case InputAudioBufferSpeechStarted e -> userSpeaking = true;
            case InputAudioBufferSpeechStopped e -> {
                userSpeaking = false;
                if (journal != null) {
                    journal.onSpeechStopped(e.audioEndMs());
                }
            }
            case InputAudioBufferCommitted e -> {
                if (journal != null) {
                    journal.onCommitted(e.itemId());
                }
                onCommitted(e.itemId());
            }
            case InputAudioBufferCleared e -> completeNext(calls.clearWaiters, null);
            case ResponseCreated e -> onResponseCreated(e);
            case ResponseDone e -> onResponseDone(e);
            case ResponseEvent e -> {
                if (journal != null && e instanceof ResponseOutputAudioDelta d) {
                    journal.onOutputAudio(d.itemId(), d.audio().length);
                }
                ResponseCollector c = collectors.get(e.responseId());
                if (c != null) {
                    c.accept(e);
                }
            }
            default -> {
            }
        }
    }

    private void onItem(Wire w, Item item, String previousItemId, boolean done) {
        if (item == null) {
            return;
        }
        if (done) {
            accounting.onItem(item);
        }
        // A restored wire confirms what the journal already holds; only new items are news.
        if (journal != null && !(w.quiet && journal.contains(item.id()))) {
            journal.onItem(item, previousItemId, done);
        }
        if (w.quiet && done) {
            CompletableFuture<Item> replay = w.replayed.remove(item.id());
            if (replay != null) {
                replay.complete(item);
            }
        }
        if (done) {
            completeWaiter(calls.itemWaiters, item.id(), item);
        }
    }

    /** A commit we asked for completes when its user item is confirmed, like any other item. */
    private void onCommitted(String itemId) {
        CompletableFuture<String> commit;
        while ((commit = calls.commitWaiters.poll()) != null && commit.isDone()) {
            // skip commits that already failed or timed out
        }
        if (commit == null || itemId == null) {
            return;
        }
        CompletableFuture<String> pending = commit;
        CompletableFuture<Item> item = new CompletableFuture<>();
        calls.itemWaiters.put(itemId, item);
        item.whenComplete((i, t) -> {
            calls.itemWaiters.remove(itemId, item);
            if (t != null) {
                pending.completeExceptionally(t);
            } else {
                pending.complete(itemId);
            }
        });
        pending.whenComplete((r, t) -> item.cancel(false));
    }

    private void onServerError(ErrorDetail error) {
        CompletableFuture<?> pending = error == null || error.eventId() == null ? null : calls.pendingByEventId.remove(error.eventId());
        if (pending != null) {
            if ("response_cancel_not_active".equals(error.code()) && calls.cancelWaiters.containsValue(pending)) {
                calls.cancelWaiters.values().remove(pending);
                @SuppressWarnings("unchecked")
                CompletableFuture<Optional<Response>> cancel = (CompletableFuture<Optional<Response>>) pending;
                cancel.complete(Optional.empty());
            } else {
                pending.completeExceptionally(new ServerErrorException(error));
            }
            return;
        }
        lastUnmatchedError = error;
        lastUnmatchedErrorNanos = System.nanoTime();
        if (error != null) {
            LOG.log(System.Logger.Level.WARNING, () -> "τ " + name + " error: " + ServerErrorException.describe(error));
            if (created.isDone()) {
                reportError(new ServerErrorException(error));
            }
        }
    }

    private void onResponseCreated(ResponseCreated e) {
        var info = e.response();
        if (info == null || info.id() == null) {
            return;
        }
        recovery.responseStarted();
        String requestId = info.metadata().get(ResponseOptions.REQUEST_KEY);
        DefaultResponseHandle handle = requestId == null ? null : calls.handlesByRequestId.remove(requestId);
        ResponseOrigin origin;
        long start;
        if (handle != null) {
            origin = handle.outOfBand() ? ResponseOrigin.OUT_OF_BAND : ResponseOrigin.REQUESTED;
            start = handle.requestedNanos();
            calls.pendingByEventId.values().remove(handle.result());
        } else {
            origin = info.conversationId() == null ? ResponseOrigin.OUT_OF_BAND : ResponseOrigin.SERVER_STARTED;
            start = System.nanoTime();
        }
        if (info.conversationId() != null) {
            activeResponseId = info.id();
        }
        ResponseCollector collector = new ResponseCollector(info.id(), origin, handle, start, outputFormat);
        collectors.put(info.id(), collector);
        if (handle != null) {
            handle.bind(info.id());
        }
        collector.accept(e);
    }

    private void onResponseDone(ResponseDone e) {
        String id = e.responseId();
        if (id == null) {
            return;
        }
        if (journal != null && e.response() != null) {
            e.response().output().forEach(journal::onResponseOutput);
        }
        if (abandoned.remove(id)) {
            // Given up on after a stall and asked for again: charged, not reported.
            collectors.remove(id);
            accounting.onResponseDone(e, ResponseOrigin.REQUESTED);
            return;
        }
        if (id.equals(activeResponseId)) {
            activeResponseId = null;
        }
        ResponseCollector collector = collectors.remove(id);
        if (collector == null) {
            // A response that began before we connected (or was never announced): still report it.
            collector = new ResponseCollector(id, e.response().conversationId() == null ? ResponseOrigin.OUT_OF_BAND
                    : ResponseOrigin.SERVER_STARTED, null, System.nanoTime(), outputFormat);
        }
        collector.accept(e);
        SessionAccounting.Charge charge = accounting.onResponseDone(e, collector.origin());
        Response response = collector.finish(e, options.model(), charge.estimate(), charge.turn());
        usage.accumulateAndGet(response.usage(), Usage::plus);
        if (collector.handle() != null) {
            collector.handle().complete(response);
        }
        CompletableFuture<Optional<Response>> cancel = calls.cancelWaiters.remove(id);
        if (cancel != null) {
            cancel.complete(Optional.of(response));
        }
        dispatch(l -> l.onResponse(this, response));
        if (responsePublisher.hasSubscribers()) {
            responsePublisher.submit(response);
        }
        accounting.afterResponse(collector.origin());
    }

    @Override
    public UsageLedger ledger() {
        return accounting.ledger();
    }

    @Override
    public Optional<BudgetMonitor> budget() {
        return accounting.budget();
    }

    /** Wire {@code w} closed or dropped. Only the current wire matters; a lost one is recovered when policy allows. */
    void wireClosed(Wire w, int code, String reason) {
        ErrorDetail error = lastUnmatchedError;
        if (error != null && System.nanoTime() - lastUnmatchedErrorNanos > TimeUnit.SECONDS.toNanos(2)) {
            error = null;
        }
        ConnectionClosedException failure = new ConnectionClosedException(code, reason, error);
        // A connection closed before its session.created fails whoever is connecting it.
        w.created.completeExceptionally(failure);
        if (w != wire) {
            return;
        }
        if (state.get() == SessionState.CLOSING || state.get() == SessionState.CLOSED) {
            failEverything(new ConnectionClosedException(code, reason, null), SessionState.CLOSED);
            return;
        }
        boolean wasOpen = created.isDone() && !created.isCompletedExceptionally();
        if (wasOpen && recovery.canRecover(failure)) {
            LOG.log(System.Logger.Level.INFO, () -> "τ " + name + ": " + failure.getMessage() + "; reconnecting");
            recovery.connectionLost(failure);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, () -> "τ " + name + ": " + failure.getMessage());
        failEverything(failure, SessionState.FAILED);
        if (wasOpen) {
            reportError(failure);
        }
    }

    /** Fails every pending call and response with {@code failure} and moves to {@code finalState}. */
    void failEverything(TauException failure, SessionState finalState) {
        // The state changes first, so that a caller woken by a failed future already sees it.
        SessionState previous = state.getAndSet(finalState);
        created.completeExceptionally(failure);
        recovery.stop(failure);
        calls.failAll(failure);
        for (ResponseCollector c : List.copyOf(collectors.values())) {
            if (c.handle() != null) {
                c.handle().fail(failure);
            }
        }
        collectors.clear();
        if (previous != finalState) {
            dispatch(l -> l.onStateChange(this, previous, finalState));
        }
        // The reader (a close answered) and the closing thread may both end the session: only the
        // one that ended it closes the streams, after its state change was delivered to them.
        if (previous != SessionState.CLOSED && previous != SessionState.FAILED) {
            eventPublisher.close();
            responsePublisher.close();
            debugTap.close();
        }
    }

    // ---------------------------------------------------------------- listeners

    void dispatch(Consumer<SessionListener> call) {
        if (listeners.isEmpty()) {
            return;
        }
        dispatchLock.lock();
        try {
            for (SessionListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    listenerFailed(e);
                }
            }
        } finally {
            dispatchLock.unlock();
        }
    }

    void listenerFailed(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "τ " + name + ": a listener threw; the session goes on", e);
    }

    void reportError(TauException e) {
        dispatch(l -> l.onError(this, e));
    }

    private void changeState(SessionState expected, SessionState next) {
        if (state.compareAndSet(expected, next)) {
            dispatch(l -> l.onStateChange(this, expected, next));
        }
    }

    @Override
    public AutoCloseable addListener(SessionListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    @Override
    public Flow.Publisher<ServerEvent> events() {
        return eventPublisher;
    }

    @Override
    public Flow.Publisher<Response> responses() {
        return responsePublisher;
    }

    // ---------------------------------------------------------------- sending

    private String nextEventId() {
        return "tau4j_" + eventCounter.incrementAndGet();
    }

    private void ensureOpen() {
        SessionState s = state.get();
        if (s != SessionState.OPEN && s != SessionState.CONNECTING && s != SessionState.RECONNECTING
                && s != SessionState.RECOVERED) {
            throw new IllegalStateException("Session '" + name + "' is " + s.name().toLowerCase() + "; open a new one");
        }
    }

    /** Whether sends go out now; otherwise what is registered is resent by the recovery. */
    private boolean sending() {
        SessionState s = state.get();
        return s == SessionState.OPEN || s == SessionState.CONNECTING;
    }

    private CompletableFuture<Void> write(ClientEvent event) {
        Wire w = wire;
        return w == null ? CompletableFuture.failedFuture(new IllegalStateException("not connected")) : writeOn(w, event);
    }

    CompletableFuture<Void> writeOn(Wire w, ClientEvent event) {
        CompletableFuture<Void> sent;
        DebugTap tap = debugTap;
        if (event instanceof InputAudioBufferAppend append && tap == DebugTap.NONE && !eventLogger.logsFrames()) {
            eventLogger.sent(event, null);   // the hot event goes straight to bytes: no String, no JSON tree
            sent = w.connection.sendText(EventCodec.encodeAppend(append));
        } else {
            String frame = EventCodec.encode(event);
            eventLogger.sent(event, frame);
            tap.sent(frame);
            sent = w.connection.sendText(frame);
        }
        if (journal != null) {
            // A failed send means a broken connection: recover rather than fail the call.
            sent.whenComplete((v, t) -> {
                if (t != null && w == wire) {
                    w.drop("send failed: " + t.getMessage());
                }
            });
        }
        return sent;
    }

    /**
     * Registers {@code future} under the event id and sends {@code event}, after {@code register}
     * ran, all under the send lock. While reconnecting nothing is sent: the recovery resends what
     * is registered. Without recovery, a failed send fails the future.
     */
    private <T> void sendTracked(ClientEvent event, CompletableFuture<T> future, Runnable register) {
        sendLock.lock();
        try {
            register.run();
            calls.track(event.eventId(), future);
            if (!sending()) {
                return;
            }
            write(event).whenComplete((v, t) -> {
                if (t != null && journal == null) {
                    future.completeExceptionally(new ConnectionException("Could not send " + event.type() + ": " + t, t));
                }
            });
        } finally {
            sendLock.unlock();
        }
    }

    private <T> void sendTracked(ClientEvent event, CompletableFuture<T> future) {
        sendTracked(event, future, () -> { });
    }

    <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        if (READER.get() == this) {
            throw new IllegalStateException("Blocking call (waiting for " + what + ") made from a listener on session '"
                    + name + "'s reader: it would never be answered. Use requestResponse(...) and its future, or call"
                    + " from another thread.");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            TauTimeoutException timeoutException = new TauTimeoutException(what, timeout);
            future.completeExceptionally(timeoutException);
            throw timeoutException;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TauException te) {
                throw te;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new TauException("Failed waiting for " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TauException("Interrupted while waiting for " + what, e);
        }
    }

    Duration responseTimeout() {
        return options.responseTimeout();
    }

    void sendCancel(String responseId) {
        if (state.get() == SessionState.OPEN) {
            write(new ResponseCancel(nextEventId(), responseId));
        }
    }

    String newEventId() {
        return nextEventId();
    }

    // ---------------------------------------------------------------- API

    @Override
    public String name() {
        return name;
    }

    @Override
    public String model() {
        return options.model();
    }

    @Override
    public SessionState state() {
        return state.get();
    }

    @Override
    public SessionInfo sessionConfig() {
        return sessionConfig;
    }

    @Override
    public Item user(String text) {
        return message("user", ContentPart.inputText(requireText(text)));
    }

    @Override
    public Item assistant(String text) {
        return message("assistant", ContentPart.outputText(requireText(text)));
    }

    @Override
    public Item system(String text) {
        return message("system", ContentPart.inputText(requireText(text)));
    }

    @Override
    public Item createAudio(byte[] audio) {
        java.util.Objects.requireNonNull(audio, "audio");
        if (audio.length == 0) {
            throw new IllegalArgumentException("audio must not be empty");
        }
        return message("user", ContentPart.inputAudio(java.util.Base64.getEncoder().encodeToString(audio)));
    }

    private Item message(String role, ContentPart part) {
        return createItem(new MessageItem(newItemId(), role, null, List.of(part)), null);
    }

    @Override
    public Item functionCallOutput(String callId, String output) {
        java.util.Objects.requireNonNull(callId, "callId");
        java.util.Objects.requireNonNull(output, "output");
        return createItem(new FunctionCallOutputItem(newItemId(), null, callId, output), null);
    }

    @Override
    public Item createItem(Item item, String previousItemId) {
        java.util.Objects.requireNonNull(item, "item");
        ensureOpen();
        Item withId = item.id() != null ? item : withId(item, newItemId());
        if (withId.id().length() > 32) {
            throw new IllegalArgumentException("item ids are at most 32 characters, got " + withId.id().length());
        }
        CompletableFuture<Item> done = waiter(calls.itemWaiters, withId.id());
        sendTracked(new ConversationItemCreate(nextEventId(), previousItemId, withId), done, () -> {
            if (journal != null) {
                journal.onItemSent(withId);
            }
        });
        return await(done, options.callTimeout(), "confirmation of item " + withId.id());
    }

    private static Item withId(Item item, String id) {
        return switch (item) {
            case MessageItem m -> new MessageItem(id, m.role(), m.status(), m.content());
            case FunctionCallOutputItem o -> new FunctionCallOutputItem(id, o.status(), o.callId(), o.output());
            case dev.tau4j.event.FunctionCallItem f -> new dev.tau4j.event.FunctionCallItem(id, f.status(), f.callId(),
                    f.name(), f.arguments());
            case dev.tau4j.event.OtherItem o -> throw new IllegalArgumentException("raw items need their own id");
        };
    }

    private static String newItemId() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return "item_tau" + new String(id);
    }

    private static String requireText(String text) {
        java.util.Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        return text;
    }

    @Override
    public boolean appendInputAudio(byte[] audio) {
        java.util.Objects.requireNonNull(audio, "audio");
        ensureOpen();
        if (audio.length == 0) {
            return true;
        }
        if (journal == null) {
            return sendAudio(audio);
        }
        sendLock.lock();
        try {
            boolean live = sending();
            // Kept until committed, to be sent again on a new connection; the caller may reuse its array.
            if (!journal.onAppend(audio.clone(), !live)) {
                return false;
            }
            return !live || sendAudio(audio);
        } finally {
            sendLock.unlock();
        }
    }

    private boolean sendAudio(byte[] audio) {
        long cap = options.sendQueueBytes();
        long now = queuedAudioBytes.addAndGet(audio.length);
        if (now > cap) {
            queuedAudioBytes.addAndGet(-audio.length);
            return false;
        }
        write(new InputAudioBufferAppend(null, audio))
                .whenComplete((v, t) -> queuedAudioBytes.addAndGet(-audio.length));
        return true;
    }

    @Override
    public long inputAudioBacklogBytes() {
        return queuedAudioBytes.get();
    }

    @Override
    public String commitInputAudio() {
        ensureOpen();
        CompletableFuture<String> f = new CompletableFuture<>();
        sendTracked(new InputAudioBufferCommit(nextEventId()), f, () -> calls.commitWaiters.add(f));
        return await(f, options.callTimeout(), "input_audio_buffer.committed");
    }

    @Override
    public void clearInputAudio() {
        ensureOpen();
        CompletableFuture<Void> f = new CompletableFuture<>();
        sendTracked(new InputAudioBufferClear(nextEventId()), f, () -> {
            calls.clearWaiters.add(f);
            if (journal != null) {
                journal.onCleared();
            }
        });
        await(f, options.callTimeout(), "input_audio_buffer.cleared");
    }

    @Override
    public void deleteItem(String itemId) {
        java.util.Objects.requireNonNull(itemId, "itemId");
        ensureOpen();
        CompletableFuture<Void> f = waiter(calls.deleteWaiters, itemId);
        sendTracked(new ConversationItemDelete(nextEventId(), itemId), f, () -> {
            if (journal != null) {
                journal.onDeleteSent(itemId);
                // A refused delete leaves the item where it was, on the server and in the journal.
                f.whenComplete((r, t) -> {
                    if (t instanceof ServerErrorException) {
                        journal.onDeleteRefused(itemId);
                    }
                });
            }
        });
        await(f, options.callTimeout(), "conversation.item.deleted of " + itemId);
    }

    @Override
    public Item retrieveItem(String itemId) {
        java.util.Objects.requireNonNull(itemId, "itemId");
        ensureOpen();
        CompletableFuture<Item> f = waiter(calls.retrieveWaiters, itemId);
        sendTracked(new ConversationItemRetrieve(nextEventId(), itemId), f);
        return await(f, options.callTimeout(), "conversation.item.retrieved of " + itemId);
    }

    @Override
    public void truncate(String itemId, int contentIndex, long audioEndMs) {
        java.util.Objects.requireNonNull(itemId, "itemId");
        if (contentIndex < 0 || audioEndMs < 0) {
            throw new IllegalArgumentException("contentIndex and audioEndMs must not be negative");
        }
        ensureOpen();
        CompletableFuture<Void> f = waiter(calls.truncateWaiters, itemId);
        sendTracked(new ConversationItemTruncate(nextEventId(), itemId, contentIndex, audioEndMs), f, () -> {
            if (journal != null) {
                journal.onTruncated(itemId, audioEndMs);
            }
        });
        await(f, options.callTimeout(), "conversation.item.truncated of " + itemId);
    }

    @Override
    public SessionInfo updateSession(SessionOptions partial) {
        java.util.Objects.requireNonNull(partial, "partial");
        ensureOpen();
        toolRunner.register(partial.executableTools()); // tools:
        CompletableFuture<SessionInfo> f = new CompletableFuture<>();
        String json = partial.toJson();
        sendTracked(new SessionUpdate(nextEventId(), json), f, () -> {
            calls.updateWaiters.add(f);
            if (journal != null) {
                journal.onSessionUpdate(json);
            }
        });
        return await(f, options.callTimeout(), "session.updated");
    }

    @Override
    public Optional<Response> cancelResponse() {
        ensureOpen();
        String active = activeResponseId;
        if (active == null) {
            return Optional.empty();
        }
        CompletableFuture<Optional<Response>> f = new CompletableFuture<>();
        CompletableFuture<Optional<Response>> existing = calls.cancelWaiters.putIfAbsent(active, f);
        if (existing != null) {
            f = existing;
        } else {
            f.whenComplete((r, t) -> calls.cancelWaiters.remove(active));
            sendTracked(new ResponseCancel(nextEventId(), active), f);
        }
        return await(f, options.responseTimeout(), "the end of cancelled response " + active);
    }

    @Override
    public Response response(ResponseOptions options) {
        ResponseHandle handle = requestResponse(options);
        return handle.await();
    }

    @Override
    public ResponseHandle requestResponse(ResponseOptions options) {
        return requestResponse(options, null);
    }

    @Override
    public ResponseHandle requestResponse(ResponseOptions responseOptions, Consumer<? super ResponseEvent> listener) {
        java.util.Objects.requireNonNull(responseOptions, "options");
        ensureOpen();
        accounting.beforeResponse();
        DefaultResponseHandle handle = newHandle(responseOptions, listener);
        String requestId = handle.requestId();
        toolRunner.register(responseOptions.executableTools(), handle); // tools:
        recovery.responseRequested();
        Duration timeout = options.responseTimeout();
        ScheduledFuture<?> timer = TIMEOUTS.schedule(() ->
                handle.fail(new TauTimeoutException("response.done of request " + requestId, timeout)),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Cancelled (and removed) at the end, so a finished response and its audio are not held until the timeout.
        handle.result().whenComplete((r, t) -> timer.cancel(false));
        sendTracked(new ResponseCreate(nextEventId(), responseOptions.toJson(requestId)), handle.result(),
                () -> calls.handlesByRequestId.put(requestId, handle));
        return handle;
    }

    /** A handle for a new request; it leaves the registry when its response ends. */
    DefaultResponseHandle newHandle(ResponseOptions responseOptions) {
        return newHandle(responseOptions, null);
    }

    private DefaultResponseHandle newHandle(ResponseOptions responseOptions, Consumer<? super ResponseEvent> listener) {
        String requestId = "req_" + eventCounter.incrementAndGet() + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        DefaultResponseHandle handle = new DefaultResponseHandle(this, requestId, responseOptions, listener);
        handle.result().whenComplete((r, t) -> calls.handlesByRequestId.remove(requestId, handle));
        return handle;
    }

    @Override
    public void send(ClientEvent event) {
        java.util.Objects.requireNonNull(event, "event");
        ensureOpen();
        if (!sending()) {
            throw new IllegalStateException("Session '" + name + "' is reconnecting; raw events are not queued (the"
                    + " session's own calls are): send again when it is open");
        }
        write(event);
    }

    @Override
    public Usage usage() {
        return usage.get();
    }

    @Override
    public RecoveryStats recoveryStats() {
        return recovery.stats();
    }

    @Override
    public void close() {
        SessionState s = state.get();
        if (s == SessionState.CLOSED || s == SessionState.FAILED || s == SessionState.CLOSING
                || !state.compareAndSet(s, SessionState.CLOSING)) {
            return;
        }
        dispatch(l -> l.onStateChange(this, s, SessionState.CLOSING));
        accounting.beforeClose();
        recovery.stop(new ConnectionClosedException(1000, "session closed by the client", null));
        Wire w = wire;
        if (w != null && !w.ended()) {
            w.connection.close(1000, "client closed");
            if (READER.get() != this) {
                try {
                    w.closed.get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    LOG.log(System.Logger.Level.DEBUG, "τ {0}: no close answer, dropping the connection", name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (w != null) {
            w.abort();
        }
        failEverything(new ConnectionClosedException(1000, "session closed by the client", null), SessionState.CLOSED);
        client.sessionClosed(this);
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "Session[name=" + name + ", model=" + options.model() + ", state=" + state.get() + "]";
    }
}
