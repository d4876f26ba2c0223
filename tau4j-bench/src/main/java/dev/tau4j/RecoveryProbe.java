package dev.tau4j;

/**
 * A harness's view of a session's package-private recovery state (the journal, the registries of
 * waiting calls). Lives in package {@code dev.tau4j}, split across modules on the class path, like
 * {@link SessionDispatchBenchmark}; not part of the library.
 */
public final class RecoveryProbe {
    private RecoveryProbe() {}

    /** Items the session's conversation journal holds (0 when recovery is off). */
    public static int journalItems(Session session) {
        ConversationJournal journal = ((DefaultSession) session).journal;
        return journal == null ? 0 : journal.size();
    }

    /** Bytes of user audio the journal holds, committed and pending. */
    public static long journalAudioBytes(Session session) {
        ConversationJournal journal = ((DefaultSession) session).journal;
        return journal == null ? 0 : journal.audioBytes();
    }

    /** Entries in the session's registries of waiting calls and running responses; 0 between turns. */
    public static int waiting(Session session) {
        DefaultSession s = (DefaultSession) session;
        return s.calls.pendingByEventId.size() + s.calls.itemWaiters.size() + s.calls.handlesByRequestId.size() + s.collectors.size()
                + s.calls.commitWaiters.size();
    }
}
