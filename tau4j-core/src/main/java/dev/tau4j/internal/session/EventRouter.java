package dev.tau4j.internal.session;

import static dev.tau4j.internal.session.PendingCalls.completeNext;
import static dev.tau4j.internal.session.PendingCalls.completeWaiter;

import dev.tau4j.ProtocolException;
import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.ServerErrorException;
import dev.tau4j.event.ConversationItemAdded;
import dev.tau4j.event.ConversationItemCreated;
import dev.tau4j.event.ConversationItemDeleted;
import dev.tau4j.event.ConversationItemDone;
import dev.tau4j.event.ConversationItemRetrieved;
import dev.tau4j.event.ConversationItemTruncated;
import dev.tau4j.event.ErrorDetail;
import dev.tau4j.event.InputAudioBufferCleared;
import dev.tau4j.event.InputAudioBufferCommitted;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.InputAudioBufferSpeechStopped;
import dev.tau4j.event.InputAudioTranscriptionCompleted;
import dev.tau4j.event.Item;
import dev.tau4j.event.ResponseCreated;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ResponseInfo;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ServerError;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionCreated;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.internal.recovery.Wire;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies one decoded server event to the session's engine: pending calls, response collectors,
 * the journal and the accounting. Runs on the reader only, one event at a time. An event it cannot
 * apply (a required field missing, numbers out of range) throws {@link ProtocolException}; the
 * reader reports it and the connection stays up.
 */
final class EventRouter {

    private final SessionCore core;
    /** The last server error that answered no call, with its arrival time, to explain a close that follows. */
    private volatile ErrorDetail lastUnmatchedError;
    private volatile long lastUnmatchedErrorNanos;

    EventRouter(SessionCore core) {
        this.core = core;
    }

    /** The last unanswered server error, if it came in the last two seconds (it may explain a close). */
    ErrorDetail recentUnmatchedError() {
        ErrorDetail error = lastUnmatchedError;
        return error != null && System.nanoTime() - lastUnmatchedErrorNanos <= TimeUnit.SECONDS.toNanos(2) ? error : null;
    }

    void handle(Wire w, ServerEvent event) {
        EventChecks.check(event);
        PendingCalls calls = core.calls;
        switch (event) {
            case SessionCreated e -> {
                core.sessionConfig = e.session();
                w.created().complete(e.session());
            }
            case SessionUpdated e -> {
                core.sessionConfig = e.session();
                if (w.quiet() && !w.restored().isDone()) {
                    w.restored().complete(e.session());
                } else {
                    completeNext(calls.updateWaiters, e.session());
                }
            }
            case ServerError e -> onServerError(e.error());
            case ConversationItemAdded e -> onItem(w, e.item(), e.previousItemId(), false);
            case ConversationItemDone e -> onItem(w, e.item(), e.previousItemId(), true);
            case ConversationItemCreated e -> onItem(w, e.item(), e.previousItemId(), true);
            case InputAudioTranscriptionCompleted e -> {
                core.accounting.onTranscription(e);
                if (core.journal != null) {
                    core.journal.onTranscript(e.itemId(), e.transcript());
                }
            }
            case ConversationItemRetrieved e -> completeWaiter(calls.retrieveWaiters, e.item().id(), e.item());
            case ConversationItemDeleted e -> {
                core.accounting.onItemDeleted(e.itemId());
                if (core.journal != null) {
                    core.journal.onDeleted(e.itemId());
                }
                completeWaiter(calls.deleteWaiters, e.itemId(), null);
            }
            case ConversationItemTruncated e -> {
                if (core.journal != null) {
                    core.journal.onTruncated(e.itemId(), e.audioEndMs());
                }
                completeWaiter(calls.truncateWaiters, e.itemId(), null);
            }
            case InputAudioBufferSpeechStarted e -> core.responses.userSpeaking = true;
            case InputAudioBufferSpeechStopped e -> {
                core.responses.userSpeaking = false;
                if (core.journal != null) {
                    core.journal.onSpeechStopped(e.audioEndMs());
                }
            }
            case InputAudioBufferCommitted e -> {
                if (core.journal != null) {
                    core.journal.onCommitted(e.itemId());
                }
                onCommitted(e.itemId());
            }
            case InputAudioBufferCleared e -> completeNext(calls.clearWaiters, null);
            case ResponseCreated e -> onResponseCreated(e);
            case ResponseDone e -> onResponseDone(e);
            case ResponseEvent e -> {
                if (core.journal != null && e instanceof ResponseOutputAudioDelta d) {
                    core.journal.onOutputAudio(d.itemId(), d.audio().length);
                }
                ResponseCollector c = core.responses.collectors.get(e.responseId());
                if (c != null) {
                    c.accept(e);
                }
            }
            default -> {
            }
        }
    }

    private void onItem(Wire w, Item item, String previousItemId, boolean done) {
        if (done) {
            core.accounting.onItem(item);
        }
        // A restored wire confirms what the journal already holds; only new items are news.
        if (core.journal != null && !(w.quiet() && core.journal.contains(item.id()))) {
            core.journal.onItem(item, previousItemId, done);
        }
        if (w.quiet() && done) {
            CompletableFuture<Item> replay = w.replayed().remove(item.id());
            if (replay != null) {
                replay.complete(item);
            }
        }
        if (done) {
            completeWaiter(core.calls.itemWaiters, item.id(), item);
        }
    }

    /** A commit we asked for completes when its user item is confirmed, like any other item. */
    private void onCommitted(String itemId) {
        PendingCalls calls = core.calls;
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
        PendingCalls calls = core.calls;
        CompletableFuture<?> pending = error.eventId() == null ? null : calls.pendingByEventId.remove(error.eventId());
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
        ServerErrorException reported = new ServerErrorException(error);
        SessionCore.LOG.log(System.Logger.Level.WARNING, () -> "τ " + core.name + " error: " + reported.getMessage());
        if (core.created.isDone()) {
            core.reportError(reported);
        }
    }

    private void onResponseCreated(ResponseCreated e) {
        ResponseInfo info = e.response();
        core.recovery.responseStarted();
        String requestId = info.metadata().get(ResponseOptions.REQUEST_KEY);
        DefaultResponseHandle handle = requestId == null ? null : core.calls.handlesByRequestId.remove(requestId);
        ResponseOrigin origin;
        long start;
        if (handle != null) {
            origin = handle.outOfBand() ? ResponseOrigin.OUT_OF_BAND : ResponseOrigin.REQUESTED;
            start = handle.requestedNanos();
            core.calls.pendingByEventId.values().remove(handle.result());
        } else {
            origin = info.conversationId() == null ? ResponseOrigin.OUT_OF_BAND : ResponseOrigin.SERVER_STARTED;
            start = System.nanoTime();
        }
        if (info.conversationId() != null) {
            core.responses.activeResponseId = info.id();
        }
        ResponseCollector collector = new ResponseCollector(info.id(), origin, handle, start, core.outputFormat);
        core.responses.collectors.put(info.id(), collector);
        if (handle != null) {
            handle.bind(info.id());
        }
        collector.accept(e);
    }

    private void onResponseDone(ResponseDone e) {
        ResponseInfo info = e.response();
        String id = info.id();
        Responses responses = core.responses;
        if (core.journal != null) {
            info.output().forEach(core.journal::onResponseOutput);
        }
        if (responses.abandoned.remove(id)) {
            // Given up on after a stall and asked for again: charged, not reported.
            responses.collectors.remove(id);
            core.accounting.onResponseDone(e, ResponseOrigin.REQUESTED);
            return;
        }
        if (id.equals(responses.activeResponseId)) {
            responses.activeResponseId = null;
        }
        ResponseCollector collector = responses.collectors.remove(id);
        if (collector == null) {
            // A response that began before we connected (or was never announced): still report it.
            collector = new ResponseCollector(id, info.conversationId() == null ? ResponseOrigin.OUT_OF_BAND
                    : ResponseOrigin.SERVER_STARTED, null, System.nanoTime(), core.outputFormat);
        }
        collector.accept(e);
        SessionAccounting.Charge charge = core.accounting.onResponseDone(e, collector.origin());
        Response response = collector.finish(e, core.options.model(), charge.estimate(), charge.turn());
        core.usage.accumulateAndGet(response.usage(), dev.tau4j.event.Usage::plus);
        if (collector.handle() != null) {
            collector.handle().complete(response);
        }
        CompletableFuture<Optional<Response>> cancel = core.calls.cancelWaiters.remove(id);
        if (cancel != null) {
            cancel.complete(Optional.of(response));
        }
        core.dispatch(l -> l.onResponse(core.session, response));
        core.responsePublisher.submit(response);
        core.accounting.afterResponse(collector.origin());
    }
}
