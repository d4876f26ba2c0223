package dev.tau4j.internal.session;

import static dev.tau4j.SessionState.CLOSED;
import static dev.tau4j.SessionState.CLOSING;
import static dev.tau4j.SessionState.CONNECTING;
import static dev.tau4j.SessionState.FAILED;
import static dev.tau4j.SessionState.OPEN;
import static dev.tau4j.SessionState.RECONNECTING;
import static dev.tau4j.SessionState.RECOVERED;

import dev.tau4j.Session;
import dev.tau4j.SessionState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only writer of a session's {@link SessionState}, and the session's one lock.
 *
 * <p>The lock guards the state, the current connection, and every "register what we wait for,
 * then send" step, so that a call is either sent by itself or resent by a recovery, and a
 * connection is either adopted before it closes or seen closed when adopted. State changes are
 * queued to the {@link ListenerDispatcher} under the lock (so listeners see them in the order they
 * happened) and delivered after it is released ({@link #unlock()}), never while it is held.
 */
final class StateMachine {

    private static final Map<SessionState, Set<SessionState>> ALLOWED = new EnumMap<>(SessionState.class);

    static {
        ALLOWED.put(CONNECTING, EnumSet.of(OPEN, FAILED, CLOSING));
        ALLOWED.put(OPEN, EnumSet.of(RECONNECTING, CLOSING, FAILED));
        ALLOWED.put(RECONNECTING, EnumSet.of(RECOVERED, FAILED, CLOSING));
        ALLOWED.put(RECOVERED, EnumSet.of(OPEN));
        ALLOWED.put(CLOSING, EnumSet.of(CLOSED));
        ALLOWED.put(CLOSED, EnumSet.noneOf(SessionState.class));
        ALLOWED.put(FAILED, EnumSet.noneOf(SessionState.class));
    }

    private final Session session;
    private final ListenerDispatcher dispatcher;
    private final ReentrantLock lock = new ReentrantLock();
    /** Written only under {@link #lock}, read anywhere. */
    private volatile SessionState state = CONNECTING;
    /** Run after the final state change was delivered. */
    private final Runnable afterFinal;

    StateMachine(Session session, ListenerDispatcher dispatcher, Runnable afterFinal) {
        this.session = session;
        this.dispatcher = dispatcher;
        this.afterFinal = afterFinal;
    }

    /** Whether {@code from → to} is in the table of {@link SessionState}. */
    static boolean allowed(SessionState from, SessionState to) {
        return ALLOWED.get(from).contains(to);
    }

    SessionState current() {
        return state;
    }

    void lock() {
        lock.lock();
    }

    /** Releases the lock, and delivers the queued listener calls once it is no longer held. */
    void unlock() {
        lock.unlock();
        if (!lock.isHeldByCurrentThread()) {
            dispatcher.drain();
        }
    }

    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Moves {@code from → to} if the session is in {@code from}; returns whether it moved.
     * Throws {@link IllegalStateException} for a change the table does not allow (a library bug).
     */
    boolean move(SessionState from, SessionState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("session state change " + from + " → " + to + " is not allowed");
        }
        lock();
        try {
            if (state != from) {
                return false;
            }
            state = to;
            dispatcher.enqueue(l -> l.onStateChange(session, from, to), to.isFinal(), to.isFinal() ? afterFinal : null);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Moves into {@code to} from whatever the session is in, when the table allows it; returns the
     * state it left, or null when it did not move (already final, or not allowed from there).
     */
    SessionState moveFromAny(SessionState to) {
        lock();
        try {
            SessionState from = state;
            if (!allowed(from, to)) {
                return null;
            }
            move(from, to);
            return from;
        } finally {
            unlock();
        }
    }
}
