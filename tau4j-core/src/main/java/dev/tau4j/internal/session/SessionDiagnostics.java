package dev.tau4j.internal.session;

import dev.tau4j.Session;
import java.util.List;

/**
 * A read-only look inside a session's engine, for tests and the benchmark harnesses (exported only
 * to them): the journal's item ids, and how many calls wait for the server.
 */
public final class SessionDiagnostics {

    private SessionDiagnostics() {
    }

    /** The item ids recovery would replay, in order; empty when recovery is off. */
    public static List<String> journalItemIds(Session session) {
        SessionCore core = core(session);
        return core.journal == null ? List.of() : core.journal.itemIds();
    }

    /** Calls registered under the event id they sent (an error naming it fails them). */
    public static int callsWaitingByEventId(Session session) {
        return core(session).calls.pendingByEventId.size();
    }

    /** Items the journal holds (0 when recovery is off). */
    public static int journalItems(Session session) {
        SessionCore core = core(session);
        return core.journal == null ? 0 : core.journal.size();
    }

    /** Entries in the registries of waiting calls and running responses; 0 between turns. */
    public static int waiting(Session session) {
        SessionCore c = core(session);
        return c.calls.pendingByEventId.size() + c.calls.itemWaiters.size() + c.calls.handlesByRequestId.size()
                + c.responses.collectors.size() + c.calls.commitWaiters.size();
    }

    /** User audio the journal holds for replay, in bytes. */
    public static long journalAudioBytes(Session session) {
        SessionCore core = core(session);
        return core.journal == null ? 0 : core.journal.audioBytes();
    }

    /** Items the journal forgot for its bounds. */
    public static long journalForgottenItems(Session session) {
        SessionCore core = core(session);
        return core.journal == null ? 0 : core.journal.forgottenItems();
    }

    private static SessionCore core(Session session) {
        if (session instanceof DefaultSession s) {
            return s.core();
        }
        throw new IllegalArgumentException("not a tau4j session: " + session.getClass().getName());
    }
}
