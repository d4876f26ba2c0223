package dev.tau4j.internal.session;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ResponseOptions;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.ConversationItemRetrieve;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.InputAudioBufferCommit;
import dev.tau4j.event.Item;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.internal.recovery.Connector;
import dev.tau4j.internal.recovery.JournalStore;
import dev.tau4j.internal.recovery.RecoveryHost;
import dev.tau4j.internal.recovery.Wire;
import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Stall;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The session as recovery sees it ({@link RecoveryHost}): the session-side half of every recovery step. */
final class SessionRecoveryHost implements RecoveryHost {

    private final SessionCore core;
    private final Connector connector;
    private final Wire.Events inbound;
    private final Lifecycle lifecycle;
    private final AtomicInteger wireNumbers = new AtomicInteger();

    SessionRecoveryHost(SessionCore core, Connector connector, Wire.Events inbound, Lifecycle lifecycle) {
        this.core = core;
        this.connector = connector;
        this.inbound = inbound;
        this.lifecycle = lifecycle;
    }

    @Override
    public String name() {
        return core.name;
    }

    @Override
    public SessionState state() {
        return core.state.current();
    }

    @Override
    public Duration callTimeout() {
        return core.options.callTimeout();
    }

    @Override
    public JournalStore journal() {
        return core.journal;
    }

    @Override
    public Wire connectWire() {
        return connector.connect(new Wire(inbound, wireNumbers.incrementAndGet(), core.dialect));
    }

    @Override
    public Wire currentWire() {
        return core.wire;
    }

    @Override
    public String newEventId() {
        return core.outbox.nextEventId();
    }

    @Override
    public void writeOn(Wire wire, ClientEvent event) {
        core.outbox.writeOn(wire, event);
    }

    @Override
    public void track(String eventId, CompletableFuture<?> future) {
        core.calls.pendingByEventId.put(eventId, future);
    }

    @Override
    public void untrack(String eventId) {
        core.calls.pendingByEventId.remove(eventId);
    }

    @Override
    public boolean beginOutage(ConnectionClosedException failure) {
        core.state.lock();
        try {
            if (!core.state.move(SessionState.OPEN, SessionState.RECONNECTING)) {
                return false;
            }
            core.accounting.connectionLost();
            interruptInFlight(failure);
            return true;
        } finally {
            core.state.unlock();
        }
    }

    /**
     * Responses that were running: registered to be asked for again (policy), or failed; cancels
     * answered. A registered request is resent by the adoption, or failed if the recovery fails.
     */
    private void interruptInFlight(ConnectionClosedException failure) {
        boolean again = core.options.resilience().reconnect().inFlight() == ReconnectPolicy.InFlight.REQUEST_AGAIN;
        for (ResponseCollector c : core.responses.running()) {
            core.responses.collectors.remove(c.responseId());
            DefaultResponseHandle h = c.handle();
            boolean requestAgain = again && (h == null ? c.origin() == ResponseOrigin.SERVER_STARTED : !h.cancelRequested());
            if (requestAgain) {
                // Asked for again as a whole: what it said so far is not part of the conversation to restore.
                c.itemIds().forEach(core.journal::onDeleted);
                if (h == null) {
                    h = DefaultResponseHandle.create(core, ResponseOptions.DEFAULTS, null);
                }
                h.unbind();
                core.calls.handlesByRequestId.put(h.requestId(), h);
                core.recoveryCounters.requestedAgain();
            } else if (h != null) {
                h.fail(new ConnectionClosedException(failure.closeCode(), "response " + c.responseId()
                        + " was interrupted when the connection was lost", failure.serverError()));
            }
        }
        core.responses.activeResponseId = null;
        core.calls.cancelWaiters.values().forEach(f -> f.complete(Optional.empty()));
    }

    @Override
    public boolean adopt(Wire w, Set<String> replayed, SessionInfo restored, Runnable onAdopted) {
        core.state.lock();
        try {
            if (w.ended() || !core.state.move(SessionState.RECONNECTING, SessionState.RECOVERED)) {
                w.abort();
                return false;
            }
            core.wire = w;
            w.quiet(false);
            w.adopted();
            onAdopted.run();
            resendPending(w, replayed, restored);
            core.state.move(SessionState.RECOVERED, SessionState.OPEN);
            core.accounting.reconnected();
            return true;
        } finally {
            core.state.unlock();
        }
    }

    private void resendPending(Wire w, Set<String> replayed, SessionInfo restored) {
        PendingCalls calls = core.calls;
        for (Item item : core.journal.unconfirmed()) {
            if (!replayed.contains(item.id())) {
                writeOn(w, new ConversationItemCreate(newEventId(), null, item));
            }
        }
        sendPendingAudio(w);
        for (CompletableFuture<String> commit : calls.commitWaiters) {
            if (!commit.isDone()) {
                InputAudioBufferCommit e = new InputAudioBufferCommit(newEventId());
                calls.track(e.eventId(), commit);
                writeOn(w, e);
            }
        }
        completeAll(calls.clearWaiters, null);
        calls.deleteWaiters.forEach((id, f) -> {
            core.journal.onDeleted(id);
            f.complete(null);
        });
        calls.truncateWaiters.values().forEach(f -> f.complete(null));
        calls.retrieveWaiters.keySet().forEach(id -> writeOn(w, new ConversationItemRetrieve(newEventId(), id)));
        completeAll(calls.updateWaiters, restored);
        calls.cancelWaiters.values().forEach(f -> f.complete(Optional.empty()));
        for (DefaultResponseHandle h : calls.handlesByRequestId.values()) {
            if (!h.result().isDone()) {
                ResponseCreate create = new ResponseCreate(newEventId(), core.dialect.responseJson(h.options(), h.requestId()));
                calls.track(create.eventId(), h.result());
                writeOn(w, create);
            }
        }
    }

    private void sendPendingAudio(Wire w) {
        for (byte[] chunk : core.journal.pendingForNewConnection()) {
            writeOn(w, new InputAudioBufferAppend(null, chunk));
        }
    }

    private static <T> void completeAll(Queue<CompletableFuture<T>> queue, T value) {
        CompletableFuture<T> f;
        while ((f = queue.poll()) != null) {
            f.complete(value);
        }
    }

    @Override
    public boolean rollTo(Wire w, long journalVersion) {
        core.state.lock();
        try {
            if (w.ended() || core.state.current() != SessionState.OPEN || core.journal.version() != journalVersion
                    || !naturalPause()) {
                return false;
            }
            Wire old = core.wire;
            core.wire = w;
            w.quiet(false);
            w.adopted();
            sendPendingAudio(w);
            old.retire();
            if (old.connection() != null) {
                old.connection().close(1000, "rollover to a fresh connection");
            }
            return true;
        } finally {
            core.state.unlock();
        }
    }

    @Override
    public void failed(TauException failure) {
        lifecycle.fail(failure, true);
    }

    @Override
    public boolean responseExpected() {
        return !core.calls.handlesByRequestId.isEmpty() || !core.responses.collectors.isEmpty();
    }

    @Override
    public boolean naturalPause() {
        Responses r = core.responses;
        PendingCalls calls = core.calls;
        return r.activeResponseId == null && r.collectors.isEmpty() && calls.handlesByRequestId.isEmpty()
                && !r.userSpeaking && calls.commitWaiters.isEmpty() && calls.itemWaiters.isEmpty();
    }

    @Override
    public String stalledResponseId() {
        String active = core.responses.activeResponseId;
        return active != null ? active : core.responses.collectors.keySet().stream().findFirst().orElse(null);
    }

    @Override
    public void stalled(Wire w, Stall stall) {
        core.dispatch(l -> l.onStall(core.session, stall));
        switch (stall.action()) {
            case RECONNECT -> w.drop("stalled: no server event for " + stall.silence().toMillis() + " ms");
            case REQUEST_AGAIN -> requestAgainOn(w);
            case REPORT -> {
            }
        }
    }

    /** Cancels the stalled responses and asks for them again on the same connection. */
    private void requestAgainOn(Wire w) {
        core.state.lock();
        try {
            for (ResponseCollector c : core.responses.running()) {
                String id = c.responseId();
                core.responses.collectors.remove(id);
                core.responses.abandoned.add(id);
                writeOn(w, new ResponseCancel(newEventId(), id));
                DefaultResponseHandle h = c.handle();
                if (h != null && !h.cancelRequested() && !h.result().isDone()) {
                    h.unbind();
                    core.calls.handlesByRequestId.put(h.requestId(), h);
                    ResponseCreate create = new ResponseCreate(newEventId(), core.dialect.responseJson(h.options(), h.requestId()));
                    core.calls.track(create.eventId(), h.result());
                    writeOn(w, create);
                    core.recoveryCounters.requestedAgain();
                }
            }
            String active = core.responses.activeResponseId;
            if (active != null && core.responses.abandoned.contains(active)) {
                core.responses.activeResponseId = null;
            }
            core.recovery.responseRequested();
        } finally {
            core.state.unlock();
        }
    }

    @Override
    public void rolledOver(RecoveryStats stats) {
        core.dispatch(l -> l.onRollover(core.session, stats));
    }

    @Override
    public void expire() {
        core.session.close();
    }
}
