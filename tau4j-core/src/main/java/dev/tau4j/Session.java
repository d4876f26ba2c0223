package dev.tau4j;

import dev.tau4j.recovery.RecoveryStats;

import dev.tau4j.cost.BudgetMonitor;
import dev.tau4j.cost.UsageLedger;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.Item;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.Usage;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One realtime conversation with a model over one WebSocket. Created by
 * {@link TauClient#connect(SessionOptions)} or {@link Tau#createSession}; close it when done.
 *
 * <h2>Blocking and timeouts</h2>
 * Methods that wait for the server (creating items, committing audio, {@link #response}) block
 * the calling thread until the server confirms, and never longer than the timeouts in
 * {@link TauOptions}: they then throw {@link TauTimeoutException}. They are cheap on virtual
 * threads. If the server answers a call with an {@code error} event, that call throws
 * {@link ServerErrorException}; if the connection is lost, pending calls throw
 * {@link ConnectionClosedException}. None hangs.
 *
 * <h2>Threading</h2>
 * A session is thread-safe: any thread may call any method. Listener calls are made one at a time,
 * in order, and none after the session ended (see {@link SessionListener}).
 *
 * <h2>After close</h2>
 * {@link #close()} is idempotent. Other methods throw {@link IllegalStateException} on a
 * closed or failed session.
 */
public interface Session extends AutoCloseable {

    /** The session name (from {@link TauOptions#name()}, or {@code tau-session-N}). */
    String name();

    /** The model this session talks to. */
    String model();

    /** Where the session is in its life. */
    SessionState state();

    /** The server's view of the session configuration, from the latest {@code session.updated} (or {@code session.created}). */
    SessionInfo sessionConfig();

    /** Adds a user text message and waits until the server has confirmed this item. Returns the item. */
    Item user(String text);

    /** Adds an assistant text message (e.g. to seed a conversation) and waits for the server's confirmation. */
    Item assistant(String text);

    /** Adds a system message and waits for the server's confirmation. */
    Item system(String text);

    /** Adds a user audio message from audio in the session's input format and waits for its confirmation. */
    Item createAudio(byte[] audio);

    /** Adds any item after {@code previousItemId} (null appends; {@code "root"} inserts first) and waits. */
    Item createItem(Item item, String previousItemId);

    /** Sends the output of a function call and waits for the server's confirmation. */
    Item functionCallOutput(String callId, String output);

    /**
     * Queues audio (in the session's input format) for the input buffer, without waiting.
     *
     * @return false if queuing {@code audio} would exceed {@link TauOptions#sendQueueBytes()}:
     *         nothing was queued, slow down (see {@link #inputAudioBacklogBytes()}); a chunk larger
     *         than the whole queue is always refused (send smaller chunks, e.g. 20–100 ms)
     */
    boolean appendInputAudio(byte[] audio);

    /** Bytes of input audio queued and not yet written to the socket. */
    long inputAudioBacklogBytes();

    /** Commits the input buffer as a user item and waits until that item is confirmed; returns its id. */
    String commitInputAudio();

    /** Clears the input buffer and waits for the server's confirmation. */
    void clearInputAudio();

    /** Deletes the item {@code itemId} and waits for the server's confirmation of that id. */
    void deleteItem(String itemId);

    /** Retrieves an item's full content (audio included) from the server. */
    Item retrieveItem(String itemId);

    /**
     * Truncates an assistant audio item at what the user heard and waits for the confirmation.
     *
     * @param audioEndMs milliseconds of the item's audio that were played; must not exceed its length
     */
    void truncate(String itemId, int contentIndex, long audioEndMs);

    /** Sends a partial configuration ({@code session.update}) and waits for {@code session.updated}. */
    SessionInfo updateSession(SessionOptions partial);

    /**
     * Cancels the active in-conversation response and waits for its end.
     *
     * @return the cancelled response, or empty if none was running
     */
    Optional<Response> cancelResponse();

    /** Asks for a response with the session's settings and waits for it to end. */
    default Response response() {
        return response(ResponseOptions.DEFAULTS);
    }

    /**
     * Asks for a response and waits for it to end (completed, cancelled, incomplete or failed:
     * check {@link Response#status()}). Throws {@link ServerErrorException} if the server refuses
     * the request (e.g. a response is already running in the conversation), and
     * {@link dev.tau4j.cost.BudgetExceededException} once a budget cap was reached.
     */
    Response response(ResponseOptions options);

    /** Asks for a response without waiting; the handle tells when it is created and done. */
    ResponseHandle requestResponse(ResponseOptions options);

    /**
     * Like {@link #requestResponse(ResponseOptions)}, with a listener that receives every event of
     * this response from the first one on (on the session's reader).
     */
    ResponseHandle requestResponse(ResponseOptions options, Consumer<? super ResponseEvent> listener);

    /** Sends a client event as is, without waiting (an escape hatch). */
    void send(ClientEvent event);

    /** Registers a listener; the returned handle removes it. */
    AutoCloseable addListener(SessionListener listener);

    /** Every server event as a hot stream. A slow subscriber slows the session's reader down. */
    Flow.Publisher<ServerEvent> events();

    /** Every finished response (requested, out-of-band, server-started) as a hot stream. */
    Flow.Publisher<Response> responses();

    /** Total token usage of every response of this session so far. */
    Usage usage();

    /**
     * Reconnects, rollovers, stalls and outages so far. A session whose connection was lost
     * reconnects, replays its conversation and goes on, as {@link TauOptions#resilience()} says.
     */
    RecoveryStats recoveryStats();

    /**
     * Every response of this session (requested, out-of-band, and those the server started),
     * input transcriptions and connected time, with estimated costs. Thread-safe.
     */
    UsageLedger ledger();

    /** The budget monitor when {@link TauOptions#budget()} is set. */
    Optional<BudgetMonitor> budget();

    /**
     * Closes the WebSocket. Idempotent; pending calls fail with {@link ConnectionClosedException}.
     * When it returns, the listeners have heard the final state ({@code CLOSED}, or {@code FAILED}
     * for a session that had already failed) and are not called again, unless it is called from a
     * listener (then it returns at once).
     */
    @Override
    void close();
}
