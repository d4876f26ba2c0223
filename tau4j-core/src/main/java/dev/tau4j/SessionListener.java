package dev.tau4j;

import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.recovery.Stall;

import dev.tau4j.cost.BudgetSignal;
import dev.tau4j.cost.TurnContext;
import dev.tau4j.event.ServerEvent;

/**
 * Receives what happens in a session. Every method has a no-op default; override what you need.
 *
 * <h2>Threading</h2>
 * Every call of every kind (events, responses, state changes, errors, stalls, rollovers, budget
 * and context signals) is made one at a time and in the order things happened, never concurrently
 * for one session, whatever caused it: a server event, a timer, a recovery, or {@link
 * Session#close()} on a user thread. The calls are made on whichever of those threads delivers
 * them (usually the session's reader), so a listener must not block for long: while it runs, the
 * session's other calls wait, and so does reading. Blocking session calls ({@code user()},
 * {@code response()}, …) made from a listener throw {@link IllegalStateException}; use
 * {@link Session#requestResponse} and its future, or another thread.
 *
 * <p>No call follows the change into {@link SessionState#CLOSED} or {@link SessionState#FAILED}:
 * an error that ends the session is reported before it. When {@link Session#close()} returns (on
 * a thread that is not running a listener), the listeners have heard {@code CLOSED}.
 *
 * <h2>Exceptions</h2>
 * An exception thrown by a listener is logged and swallowed: it never stops the session.
 */
public interface SessionListener {

    /** Every server event, decoded, in arrival order. */
    default void onEvent(Session session, ServerEvent event) {
    }

    /** Every finished response: requested, out-of-band, and those the server started (server VAD). */
    default void onResponse(Session session, Response response) {
    }

    /** A state change, e.g. {@code OPEN → FAILED} when the connection drops. */
    default void onStateChange(Session session, SessionState previous, SessionState current) {
    }

    /**
     * A problem not tied to one call: a server {@code error} event that answers none of our
     * pending calls, an unreadable frame, or the connection being lost.
     */
    default void onError(Session session, TauException error) {
    }

    /**
     * A budget signal: a cap's warning threshold was reached, or the cap itself (then, by the
     * budget's policy, new responses are refused or the session closes). Once per cap.
     */
    default void onBudget(Session session, BudgetSignal signal) {
    }

    /** A turn re-billed at least {@link TauOptions#contextWarnTokens()} input tokens of retained conversation. */
    default void onContextWarning(Session session, TurnContext context) {
    }

    /**
     * A response was expected and the server sent nothing for the stall timeout
     * ({@link Resilience#stallTimeout()}); the session then acts as {@link Stall#action()} says.
     */
    default void onStall(Session session, Stall stall) {
    }

    /**
     * The session switched to a fresh connection before the server's session cap
     * ({@link Resilience#sessionCap()}), at a pause, with its conversation replayed. Nothing was
     * interrupted; this is for logs and dashboards.
     */
    default void onRollover(Session session, RecoveryStats stats) {
    }
}
