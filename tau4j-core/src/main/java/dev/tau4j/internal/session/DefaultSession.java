package dev.tau4j.internal.session;


import dev.tau4j.ConnectionClosedException;
import dev.tau4j.Provider;
import dev.tau4j.Response;
import dev.tau4j.ResponseHandle;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.cost.BudgetMonitor;
import dev.tau4j.cost.UsageLedger;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.SessionUpdate;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.Threads;
import dev.tau4j.internal.debug.DebugRelay;
import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.recovery.Connector;
import dev.tau4j.internal.recovery.Recovery;
import dev.tau4j.internal.recovery.Wire;
import dev.tau4j.internal.tools.ToolRunner;
import dev.tau4j.internal.transport.Transport;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A logical session over one connection at a time ({@link Wire}): the public {@link Session}
 * calls, each a send through the {@link Outbox} and a wait in {@link Awaits}. What arrives is
 * handled by {@link Inbound} and {@link EventRouter}; the state lives in the {@link StateMachine};
 * listeners hear everything through the {@link ListenerDispatcher}; a lost connection is
 * {@link Recovery}'s, which sees the session only through {@link SessionRecoveryHost}.
 */
public final class DefaultSession implements Session {

    private final SessionCore core;
    private final Lifecycle lifecycle;
    private final SessionRecoveryHost recoveryHost;
    private final ToolRunner toolRunner;
    private final ConversationCalls calls;

    private DefaultSession(TauOptions options, SessionOptions sessionOptions, String name, Transport transport,
            Dialect dialect, List<SessionListener> listeners, Runnable onEnded) {
        this.core = new SessionCore(this, name, options, sessionOptions, dialect, listeners);
        this.lifecycle = new Lifecycle(core, onEnded);
        this.calls = new ConversationCalls(core);
        Inbound inbound = new Inbound(core, new EventRouter(core), lifecycle);
        this.recoveryHost = new SessionRecoveryHost(core, new Connector(transport, core.dialect, options), inbound, lifecycle);
        core.recovery = new Recovery(recoveryHost, resilience(options.resilience(), core.dialect.connectionLifetime()),
                core.recoveryCounters);
        this.toolRunner = new ToolRunner(this, options.provider().supports(Provider.Capability.RESPONSE_SETTINGS));
        toolRunner.register(sessionOptions.executableTools());
    }

    /**
     * Opens a session: connects, waits for {@code session.created}, sends the session options and
     * waits for their acceptance. Throws a {@link TauException} when any of it fails (the session is
     * then {@code FAILED}); {@code onEnded} runs once the session has ended.
     */
    public static Session open(TauOptions options, SessionOptions sessionOptions, String name, Transport transport,
            Dialect dialect, List<SessionListener> listeners, Runnable onEnded) {
        DefaultSession session = new DefaultSession(options, sessionOptions, name, transport, dialect, listeners, onEnded);
        session.open();
        return session;
    }

    /** {@code resilience}, rolling over before the provider's connection lifetime when that comes before its cap. */
    private static Resilience resilience(Resilience resilience, Duration lifetime) {
        Duration cap = resilience.sessionCap();
        return lifetime != null && cap != null && lifetime.compareTo(cap) < 0 ? resilience.withSessionCap(lifetime) : resilience;
    }

    private void open() {
        Capabilities.checkSession(core.options.provider(), core.sessionOptions);
        if (Boolean.TRUE.equals(core.options.debug())) {
            // First, so the debug UI sees the opening events too; never blocks: it connects in the background.
            core.debugTap = DebugRelay.attach(this, core.options.debugUrl(), core.options.apiKey(),
                    core.options.provider().name());
        }
        try {
            Wire w = recoveryHost.connectWire();
            core.state.lock();
            try {
                if (w.ended()) {
                    throw new ConnectionClosedException(1006, "the connection closed right after session.created", null);
                }
                core.wire = w;
            } finally {
                core.state.unlock();
            }
            core.created.complete(w.created().getNow(null));
            if (!SessionOptions.DEFAULTS.equals(core.sessionOptions) || core.dialect.configuresEveryConnection()) {
                configure(core.sessionOptions);
            }
            core.accounting.opened();
            if (!core.state.move(SessionState.CONNECTING, SessionState.OPEN)) {
                TauException why = lifecycle.failure();
                throw why != null ? why : new ConnectionClosedException(1000, "session closed while it was opening", null);
            }
            core.recovery.started();
        } catch (TauException e) {
            core.debugTap.failed(e);
            lifecycle.fail(e, false);
            throw e;
        } catch (RuntimeException e) {
            core.debugTap.failed(e);
            lifecycle.fail(new TauException("Session '" + core.name + "' could not open: " + e, e), false);
            throw e;
        }
    }

    @Override
    public String name() {
        return core.name;
    }

    @Override
    public String model() {
        return core.options.model();
    }

    @Override
    public SessionState state() {
        return core.state.current();
    }

    @Override
    public SessionInfo sessionConfig() {
        return core.sessionConfig;
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
        Objects.requireNonNull(audio, "audio");
        if (audio.length == 0) {
            throw new IllegalArgumentException("audio must not be empty");
        }
        return message("user", ContentPart.inputAudio(Base64.getEncoder().encodeToString(audio)));
    }

    private Item message(String role, ContentPart part) {
        return createItem(new MessageItem(ItemIds.next(), role, null, List.of(part)), null);
    }

    @Override
    public Item functionCallOutput(String callId, String output) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(output, "output");
        return createItem(new FunctionCallOutputItem(ItemIds.next(), null, callId, output), null);
    }

    @Override
    public Item createItem(Item item, String previousItemId) {
        return calls.createItem(item, previousItemId);
    }

    private static String requireText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        return text;
    }

    @Override
    public boolean appendInputAudio(byte[] audio) {
        Objects.requireNonNull(audio, "audio");
        core.ensureOpen();
        return audio.length == 0 || core.outbox.appendInputAudio(audio);
    }

    @Override
    public long inputAudioBacklogBytes() {
        return core.outbox.backlogBytes();
    }

    @Override
    public String commitInputAudio() {
        return calls.commitInputAudio();
    }

    @Override
    public void clearInputAudio() {
        calls.clearInputAudio();
    }

    @Override
    public void deleteItem(String itemId) {
        calls.deleteItem(itemId);
    }

    @Override
    public Item retrieveItem(String itemId) {
        return calls.retrieveItem(itemId);
    }

    @Override
    public void truncate(String itemId, int contentIndex, long audioEndMs) {
        calls.truncate(itemId, contentIndex, audioEndMs);
    }

    @Override
    public SessionInfo updateSession(SessionOptions partial) {
        Objects.requireNonNull(partial, "partial");
        Capabilities.checkSession(core.options.provider(), partial);
        core.options.provider().require(Provider.Capability.SESSION_UPDATE, "Session.updateSession");
        return configure(partial);
    }

    /** Sends {@code partial} in a {@code session.update} and waits for its {@code session.updated}. */
    private SessionInfo configure(SessionOptions partial) {
        Capabilities.checkSession(core.options.provider(), partial);
        core.ensureOpen();
        toolRunner.register(partial.executableTools());
        CompletableFuture<SessionInfo> f = new CompletableFuture<>();
        String json = core.dialect.sessionJson(partial);
        core.outbox.sendTracked(new SessionUpdate(core.outbox.nextEventId(), json), f, () -> {
            core.calls.updateWaiters.add(f);
            if (core.journal != null) {
                core.journal.onSessionUpdate(json);
            }
        });
        return Awaits.await(core, f, core.options.callTimeout(), "session.updated");
    }

    @Override
    public Optional<Response> cancelResponse() {
        core.ensureOpen();
        String active = core.responses.activeResponseId;
        if (active == null) {
            return Optional.empty();
        }
        CompletableFuture<Optional<Response>> f = new CompletableFuture<>();
        CompletableFuture<Optional<Response>> existing = core.calls.cancelWaiters.putIfAbsent(active, f);
        if (existing != null) {
            f = existing;
        } else {
            f.whenComplete((r, t) -> core.calls.cancelWaiters.remove(active));
            core.outbox.sendTracked(new ResponseCancel(core.outbox.nextEventId(), active), f);
        }
        return Awaits.await(core, f, core.options.responseTimeout(), "the end of cancelled response " + active);
    }

    @Override
    public Response response(ResponseOptions options) {
        return requestResponse(options).await();
    }

    @Override
    public ResponseHandle requestResponse(ResponseOptions options) {
        return requestResponse(options, null);
    }

    @Override
    public ResponseHandle requestResponse(ResponseOptions responseOptions, Consumer<? super ResponseEvent> listener) {
        Objects.requireNonNull(responseOptions, "options");
        Capabilities.checkResponse(core.options.provider(), responseOptions);
        core.ensureOpen();
        core.accounting.beforeResponse();
        DefaultResponseHandle handle = DefaultResponseHandle.create(core, responseOptions, listener);
        String requestId = handle.requestId();
        toolRunner.register(responseOptions.executableTools(), handle);
        core.recovery.responseRequested();
        var timeout = core.options.responseTimeout();
        ScheduledFuture<?> timer = Threads.TIMER.schedule(() ->
                handle.fail(new dev.tau4j.TauTimeoutException("response.done of request " + requestId, timeout)),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Cancelled (and removed) at the end, so a finished response and its audio are not held until the timeout.
        handle.result().whenComplete((r, t) -> timer.cancel(false));
        core.outbox.sendTracked(new ResponseCreate(core.outbox.nextEventId(), core.dialect.responseJson(responseOptions, requestId)),
                handle.result(), () -> core.calls.handlesByRequestId.put(requestId, handle));
        return handle;
    }

    @Override
    public void send(ClientEvent event) {
        Objects.requireNonNull(event, "event");
        Capabilities.checkEvent(core.options.provider(), event);
        core.ensureOpen();
        if (!core.outbox.sending()) {
            throw new IllegalStateException("Session '" + core.name + "' is reconnecting; raw events are not queued (the"
                    + " session's own calls are): send again when it is open");
        }
        core.outbox.write(event);
    }

    @Override
    public Usage usage() {
        return core.usage.get();
    }

    @Override
    public RecoveryStats recoveryStats() {
        return core.recovery.stats();
    }

    @Override
    public UsageLedger ledger() {
        return core.accounting.ledger();
    }

    @Override
    public Optional<BudgetMonitor> budget() {
        return core.accounting.budget();
    }

    @Override
    public AutoCloseable addListener(SessionListener listener) {
        return core.dispatcher.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Flow.Publisher<ServerEvent> events() {
        return core.eventPublisher.get();
    }

    @Override
    public Flow.Publisher<Response> responses() {
        return core.responsePublisher.get();
    }

    @Override
    public void close() {
        lifecycle.close();
    }

    /** What the engine holds, for tests and benchmarks (see {@link SessionDiagnostics}). */
    SessionCore core() {
        return core;
    }

    @Override
    public String toString() {
        return "Session[name=" + core.name + ", model=" + core.options.model() + ", state=" + core.state.current() + "]";
    }
}
