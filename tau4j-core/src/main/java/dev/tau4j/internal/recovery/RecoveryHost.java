package dev.tau4j.internal.recovery;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Stall;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * All that recovery sees of a session. The session implements it; recovery never reaches into the
 * session's engine, so the two packages do not depend on each other in both directions.
 *
 * <p>Methods marked "under the session's lock" take the session's one lock themselves; recovery
 * holds no lock of its own while calling them.
 */
public interface RecoveryHost {

    String name();

    SessionState state();

    /** The timeout of one call; a restore waits this long for each answer. */
    Duration callTimeout();

    /** The conversation to replay; null when recovery is off. */
    JournalStore journal();

    /** Opens a new connection and waits for its {@code session.created}; throws a {@link TauException}. */
    Wire connectWire();

    /** The connection in use now. */
    Wire currentWire();

    String newEventId();

    /** Writes {@code event} on {@code wire} (also when it is not the current one: a restore). */
    void writeOn(Wire wire, ClientEvent event);

    /** Fails {@code future} when a server error names {@code eventId}, until {@link #untrack}. */
    void track(String eventId, CompletableFuture<?> future);

    void untrack(String eventId);

    /**
     * The current connection was lost: {@code OPEN → RECONNECTING} and what was running is
     * interrupted (asked for again or failed, by policy). Returns false when the session was not
     * open (closing, or already reconnecting), and then recovery does nothing.
     */
    boolean beginOutage(ConnectionClosedException failure);

    /**
     * Under the session's lock: makes {@code wire} current, {@code RECONNECTING → RECOVERED}, runs
     * {@code onAdopted} (the recovery is counted there, before a resent request can complete),
     * resends what is pending (items not in {@code replayed}, input audio, commits, retrievals,
     * responses), then {@code RECOVERED → OPEN}. Returns false (and drops {@code wire}) when the
     * session moved on meanwhile (closed).
     */
    boolean adopt(Wire wire, Set<String> replayed, SessionInfo restored, Runnable onAdopted);

    /**
     * Under the session's lock: replaces the current connection with {@code wire} at a pause,
     * when the journal is still at {@code journalVersion}. Returns false when the conversation moved
     * on (the caller drops {@code wire} and tries later).
     */
    boolean rollTo(Wire wire, long journalVersion);

    /** Recovery gave up: the session fails with {@code failure}. */
    void failed(TauException failure);

    /** Whether a response was asked for or is running (the stall watchdog's condition). */
    boolean responseExpected();

    /** Whether nothing is running or half-said: a rollover may switch now. */
    boolean naturalPause();

    /** The response that a stall concerns, or null when only a request is waiting. */
    String stalledResponseId();

    /**
     * The server went silent while a response was expected. Reports {@code stall} to listeners and
     * acts as its action says (drop {@code wire}, ask again on it, or only report). Never blocks.
     */
    void stalled(Wire wire, Stall stall);

    /** A rollover happened; listeners hear of it. */
    void rolledOver(RecoveryStats stats);

    /** The time-to-live was reached: the session closes. */
    void expire();
}
