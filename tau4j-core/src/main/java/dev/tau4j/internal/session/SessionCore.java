package dev.tau4j.internal.session;

import dev.tau4j.Response;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.debug.DebugTap;
import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.recovery.ConversationJournal;
import dev.tau4j.internal.recovery.JournalStore;
import dev.tau4j.internal.recovery.Recovery;
import dev.tau4j.internal.recovery.RecoveryCounters;
import dev.tau4j.internal.recovery.Wire;
import dev.tau4j.recovery.ReconnectPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The parts of one session and the state they share, wired once. The {@link StateMachine} owns
 * the state and the one lock; the other parts each own what their Javadoc says.
 */
final class SessionCore {

    static final System.Logger LOG = System.getLogger("dev.tau4j");

    final Session session;
    final String name;
    final TauOptions options;
    final SessionOptions sessionOptions;
    final Dialect dialect;
    final AudioFormat outputFormat;
    final EventLogger eventLogger;
    final ListenerDispatcher dispatcher;
    final StateMachine state;
    final PendingCalls calls = new PendingCalls();
    final Responses responses = new Responses();
    final SessionAccounting accounting;
    /** The conversation to replay after a reconnect; null when recovery is off. */
    final JournalStore journal;
    final RecoveryCounters recoveryCounters = new RecoveryCounters();
    final Outbox outbox;
    /** Set once by the session, right after construction. */
    Recovery recovery;
    final AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);
    final LazyPublisher<ServerEvent> eventPublisher = new LazyPublisher<>();
    final LazyPublisher<Response> responsePublisher = new LazyPublisher<>();
    /** The first {@code session.created}: the session opened. */
    final CompletableFuture<SessionInfo> created = new CompletableFuture<>();
    /** The latest session object from the server; null until {@code session.created}. */
    volatile SessionInfo sessionConfig;
    /** Where frames are shown when debug is on; NONE otherwise. Replaced once, when the relay attaches. */
    volatile DebugTap debugTap = DebugTap.NONE;
    /** The connection in use; null until the first one is adopted. Written under the state lock. */
    volatile Wire wire;

    SessionCore(Session session, String name, TauOptions options, SessionOptions sessionOptions, Dialect dialect,
            List<SessionListener> listeners) {
        this.session = session;
        this.name = name;
        this.options = options;
        this.sessionOptions = sessionOptions;
        this.dialect = dialect.forSession(options.model());
        this.outputFormat = sessionOptions.outputAudioFormat() != null ? sessionOptions.outputAudioFormat()
                : AudioFormat.PCM16_24KHZ_MONO;
        this.eventLogger = new EventLogger(name, options.logging() == null ? 0 : options.logging());
        this.dispatcher = new ListenerDispatcher(session, listeners);
        this.state = new StateMachine(session, dispatcher, this::closeStreams);
        this.accounting = new SessionAccounting(this, options, sessionOptions);
        ReconnectPolicy policy = options.resilience().reconnect();
        AudioFormat in = sessionOptions.inputAudioFormat() != null ? sessionOptions.inputAudioFormat()
                : AudioFormat.PCM16_24KHZ_MONO;
        this.journal = policy.enabled() ? new ConversationJournal(this.dialect.sessionJson(sessionOptions),
                policy.journalAudioBytes(), policy.journalAudioAge(), policy.clock(), policy.journalItems(),
                options.sendQueueBytes(), in.bytesPerSecond() / 1000,
                outputFormat.bytesPerSecond() / 1000, accounting::onItemDeleted) : null;
        this.outbox = new Outbox(this);
    }

    /** Queues a listener call and delivers it (in order with every other call of this session). */
    void dispatch(Consumer<SessionListener> call) {
        dispatcher.submit(call);
    }

    /** Throws {@link IllegalStateException} when the session is closing or ended. */
    void ensureOpen() {
        SessionState s = state.current();
        if (s.isFinal() || s == SessionState.CLOSING) {
            throw new IllegalStateException("Session '" + name + "' is " + s.name().toLowerCase() + "; open a new one");
        }
    }

    void reportError(TauException e) {
        dispatch(l -> l.onError(session, e));
    }

    /** After the final state change reached the listeners: the streams end. */
    private void closeStreams() {
        eventPublisher.close();
        responsePublisher.close();
        debugTap.close();
    }
}
