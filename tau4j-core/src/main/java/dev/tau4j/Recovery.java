package dev.tau4j;

import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.ConversationItemRetrieve;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.InputAudioBufferCommit;
import dev.tau4j.event.Item;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.event.SessionUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a {@link DefaultSession} connected: reconnects and replays after a loss, rolls over to a
 * fresh connection before the session cap, watches for stalls and dead connections, and closes
 * the session at its time-to-live.
 *
 * <p>A recovery runs on its own virtual thread: it waits the backoff, connects a new {@link Wire},
 * restores the configuration and the journal onto it while its events stay hidden from listeners,
 * then, under the session's send lock, switches to it and resends everything still pending
 * (items, input audio, commits, retrievals, responses). Calls made meanwhile register what they
 * wait for and are resent by the switch, so none is lost and none hangs past its timeout.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    private static final long ROLLOVER_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DefaultSession s;
    private final Resilience resilience;
    private final ReconnectPolicy policy;
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger rollovers = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger requestedAgain = new AtomicInteger();
    private final AtomicLong itemsReplayed = new AtomicLong();
    private final AtomicLong totalOutageNanos = new AtomicLong();
    private volatile Duration lastOutage = Duration.ZERO;
    private volatile String lastFailure;
    private final AtomicBoolean rolling = new AtomicBoolean();
    private volatile long nextRolloverNanos;
    /** When a response was last requested: the stall clock starts no earlier. */
    private volatile long expectingSinceNanos;
    private volatile boolean stopped;
    private volatile Wire candidate;
    private volatile ScheduledFuture<?> ticker;
    private volatile ScheduledFuture<?> timeToLive;

    Recovery(DefaultSession session, Resilience resilience) {
        this.s = session;
        this.resilience = resilience;
        this.policy = resilience.reconnect();
    }

    // ---------------------------------------------------------------- life

    /** The session opened: start the watchdog (keepalive, stalls, rollover) and the time-to-live. */
    void started() {
        long period = Long.MAX_VALUE;
        if (resilience.keepalive() != null) {
            period = Math.min(period, resilience.keepalive().toMillis() / 4);
        }
        if (resilience.stallTimeout() != null) {
            period = Math.min(period, resilience.stallTimeout().toMillis() / 4);
        }
        if (resilience.sessionCap() != null && s.journal != null) {
            period = Math.min(period, 1000);
        }
        if (period != Long.MAX_VALUE) {
            long p = Math.max(20, Math.min(1000, period));
            ticker = DefaultSession.TIMEOUTS.scheduleAtFixedRate(this::tick, p, p, TimeUnit.MILLISECONDS);
        }
        Duration ttl = resilience.timeToLive();
        if (ttl != null) {
            timeToLive = DefaultSession.TIMEOUTS.schedule(() -> DefaultSession.PUBLISHER_EXECUTOR.execute(() -> {
                LOG.log(System.Logger.Level.INFO, "τ {0}: time-to-live of {1} reached; closing", s.name(), ttl);
                s.close();
            }), ttl.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The session ends: no more reconnects, timers off, a connection being restored is dropped. */
    void stop(TauException why) {
        stopped = true;
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        t = timeToLive;
        if (t != null) {
            t.cancel(false);
        }
        Wire c = candidate;
        if (c != null) {
            c.abort();
        }
    }

    RecoveryStats stats() {
        return new RecoveryStats(reconnects.get(), attempts.get(), rollovers.get(), stalls.get(), itemsReplayed.get(),
                requestedAgain.get(), lastOutage, Duration.ofNanos(totalOutageNanos.get()),
                lastFailure);
    }

    /** A response was asked for: it is expected from now on. */
    void responseRequested() {
        expectingSinceNanos = System.nanoTime();
    }

    /** A response started. */
    void responseStarted() {
        expectingSinceNanos = System.nanoTime();
    }

    // ---------------------------------------------------------------- reconnect

    boolean canRecover(TauException failure) {
        return !stopped && s.journal != null && policy.enabled() && policy.retryable().test(failure);
    }

    /** The current connection was lost: interrupt what was running and start reconnecting. */
    void connectionLost(ConnectionClosedException failure) {
        if (!s.state.compareAndSet(SessionState.OPEN, SessionState.RECONNECTING)) {
            return;
        }
        java.time.Instant outageStart = policy.clock().instant();
        lastFailure = failure.getMessage();
        s.accounting.connectionLost();
        s.dispatch(l -> l.onStateChange(s, SessionState.OPEN, SessionState.RECONNECTING));
        interruptInFlight(failure);
        Thread.ofVirtual().name("tau4j-recover-" + s.name()).start(() -> recover(failure, outageStart));
    }

    /**
     * Responses that were running: registered to be asked for again (policy), or failed; cancels
     * answered. A registered request is resent by the switch, or failed if the recovery fails.
     */
    private void interruptInFlight(ConnectionClosedException failure) {
        for (Map.Entry<String, ResponseCollector> e : List.copyOf(s.collectors.entrySet())) {
            s.collectors.remove(e.getKey());
            ResponseCollector c = e.getValue();
            DefaultResponseHandle h = c.handle();
            boolean requestAgain = policy.inFlight() == ReconnectPolicy.InFlight.REQUEST_AGAIN
                    && (h == null ? c.origin() == ResponseOrigin.SERVER_STARTED : !h.cancelRequested());
            if (requestAgain) {
                // Asked for again as a whole: what it said so far is not part of the conversation to restore.
                c.itemIds().forEach(s.journal::onDeleted);
                if (h == null) {
                    h = s.newHandle(ResponseOptions.DEFAULTS);
                }
                h.unbind();
                s.calls.handlesByRequestId.put(h.requestId(), h);
                requestedAgain.incrementAndGet();
            } else if (h != null) {
                h.fail(new ConnectionClosedException(failure.closeCode(), "response " + e.getKey()
                        + " was interrupted when the connection was lost", failure.serverError()));
            }
        }
        s.activeResponseId = null;
        s.calls.cancelWaiters.values().forEach(f -> f.complete(Optional.empty()));
    }

    private void recover(ConnectionClosedException failure, java.time.Instant outageStart) {
        TauException last = failure;
        int attempt = 0;
        while (!stopped && attempt < policy.maxAttempts()) {
            attempt++;
            try {
                policy.sleeper().sleep(policy.delayBefore(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (stopped) {
                return;
            }
            attempts.incrementAndGet();
            Wire w = null;
            try {
                w = s.connectWire();
                candidate = w;
                Set<String> replayed = restore(w);
                if (switchTo(w, replayed)) {
                    itemsReplayed.addAndGet(replayed.size());
                    Duration outage = Duration.between(outageStart, policy.clock().instant());
                    lastOutage = outage;
                    totalOutageNanos.addAndGet(outage.toNanos());
                    reconnects.incrementAndGet();
                    int n = attempt;
                    LOG.log(System.Logger.Level.INFO, () -> "τ " + s.name() + ": recovered in " + outage.toMillis()
                            + " ms (attempt " + n + "), replayed " + replayed.size() + " items");
                    s.dispatch(l -> l.onStateChange(s, SessionState.RECONNECTING, SessionState.RECOVERED));
                    s.dispatch(l -> l.onStateChange(s, SessionState.RECOVERED, SessionState.OPEN));
                }
                return;
            } catch (TauException e) {
                if (w != null) {
                    w.abort();
                }
                last = e;
                int n = attempt;
                LOG.log(System.Logger.Level.INFO, () -> "τ " + s.name() + ": reconnect attempt " + n + " failed: " + e.getMessage());
                if (!policy.retryable().test(e)) {
                    break;
                }
            } finally {
                candidate = null;
            }
        }
        if (stopped) {
            return;
        }
        TauException reported = policy.retryable().test(last)
                ? new ConnectionException("Session '" + s.name() + "' lost its connection and could not reconnect in "
                        + attempt + " attempts; the last failure: " + last.getMessage(), last)
                : last;
        LOG.log(System.Logger.Level.WARNING, () -> "τ " + s.name() + ": " + reported.getMessage());
        s.failEverything(reported, SessionState.FAILED);
        s.reportError(reported);
    }

    /**
     * Restores the configuration and the conversation onto {@code w}, whose events stay hidden.
     * Returns the ids of the items created. An item the server refuses is skipped with a warning.
     */
    private Set<String> restore(Wire w) {
        w.quiet = true;
        Duration timeout = s.options.callTimeout();
        // Registered so that an error naming one of these events fails its wait; unregistered at the
        // end, also when the restore fails and its confirmations never come.
        List<String> eventIds = new ArrayList<>();
        try {
            SessionUpdate update = new SessionUpdate(s.newEventId(), s.journal.config());
            eventIds.add(update.eventId());
            s.calls.pendingByEventId.put(update.eventId(), w.restored);
            s.writeOn(w, update);
            await(w, w.restored, timeout, "session.updated of the restored configuration");
            List<Item> items = s.journal.replayItems();
            List<CompletableFuture<Item>> confirmations = new ArrayList<>(items.size());
            for (Item item : items) {
                CompletableFuture<Item> confirmed = new CompletableFuture<>();
                w.replayed.put(item.id(), confirmed);
                ConversationItemCreate create = new ConversationItemCreate(s.newEventId(), null, item);
                eventIds.add(create.eventId());
                s.calls.pendingByEventId.put(create.eventId(), confirmed);
                confirmations.add(confirmed);
                s.writeOn(w, create);
            }
            Set<String> replayed = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                try {
                    await(w, confirmations.get(i), timeout, "replay of item " + items.get(i).id());
                    replayed.add(items.get(i).id());
                } catch (ServerErrorException e) {
                    String id = items.get(i).id();
                    LOG.log(System.Logger.Level.WARNING, () -> "τ " + s.name() + ": the server refused replayed item " + id
                            + ": " + e.getMessage() + "; going on without it");
                }
            }
            return replayed;
        } finally {
            eventIds.forEach(s.calls.pendingByEventId::remove);
        }
    }

    /** Waits for {@code f}, failing early when {@code w} closes. */
    private static <T> T await(Wire w, CompletableFuture<T> f, Duration timeout, String what) {
        try {
            CompletableFuture.anyOf(f, w.closed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!f.isDone()) {
                throw new ConnectionClosedException(1006, "the new connection closed during " + what, null);
            }
            return f.join();
        } catch (TimeoutException e) {
            throw new TauTimeoutException(what, timeout);
        } catch (java.util.concurrent.CompletionException | ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof TauException te ? te : new ConnectionException("Failed during " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TauException("Interrupted during " + what, e);
        }
    }

    /**
     * Makes {@code w} the session's wire and resends what is pending, under the send lock.
     * Returns false (and drops {@code w}) when the session was closed meanwhile.
     */
    private boolean switchTo(Wire w, Set<String> replayed) {
        SessionInfo restored = w.restored.getNow(null);
        s.sendLock.lock();
        try {
            if (stopped || s.state.get() != SessionState.RECONNECTING) {
                w.abort();
                return false;
            }
            s.wire = w;
            w.quiet = false;
            w.lastEventNanos = System.nanoTime();
            for (Item item : s.journal.unconfirmed()) {
                if (!replayed.contains(item.id())) {
                    s.writeOn(w, new ConversationItemCreate(s.newEventId(), null, item));
                }
            }
            sendPendingAudio(w);
            for (CompletableFuture<String> commit : s.calls.commitWaiters) {
                if (!commit.isDone()) {
                    InputAudioBufferCommit e = new InputAudioBufferCommit(s.newEventId());
                    s.calls.track(e.eventId(), commit);
                    s.writeOn(w, e);
                }
            }
            completeAll(s.calls.clearWaiters, null);
            s.calls.deleteWaiters.forEach((id, f) -> {
                s.journal.onDeleted(id);
                f.complete(null);
            });
            s.calls.truncateWaiters.values().forEach(f -> f.complete(null));
            s.calls.retrieveWaiters.keySet().forEach(id -> s.writeOn(w, new ConversationItemRetrieve(s.newEventId(), id)));
            completeAll(s.calls.updateWaiters, restored);
            s.calls.cancelWaiters.values().forEach(f -> f.complete(Optional.empty()));
            for (DefaultResponseHandle h : s.calls.handlesByRequestId.values()) {
                if (!h.result().isDone()) {
                    ResponseCreate create = new ResponseCreate(s.newEventId(), h.options().toJson(h.requestId()));
                    s.calls.track(create.eventId(), h.result());
                    s.writeOn(w, create);
                }
            }
            s.state.set(SessionState.OPEN);
            s.accounting.reconnected();
            return true;
        } finally {
            s.sendLock.unlock();
        }
    }

    private void sendPendingAudio(Wire w) {
        for (byte[] chunk : s.journal.pendingForNewConnection()) {
            s.writeOn(w, new InputAudioBufferAppend(null, chunk));
        }
    }

    private static <T> void completeAll(java.util.Queue<CompletableFuture<T>> queue, T value) {
        CompletableFuture<T> f;
        while ((f = queue.poll()) != null) {
            f.complete(value);
        }
    }

    // ---------------------------------------------------------------- watchdog

    /** Runs on the timeout scheduler: keepalive, stall watch, rollover. Never blocks. */
    private void tick() {
        if (stopped || s.state.get() != SessionState.OPEN) {
            return;
        }
        Wire w = s.wire;
        long now = System.nanoTime();
        Duration keepalive = resilience.keepalive();
        if (keepalive != null) {
            long k = keepalive.toNanos();
            long pinged = w.pingSentNanos;
            if (pinged != 0 && now - pinged > k) {
                w.pingSentNanos = 0;
                String why = "no answer to a keepalive ping in " + keepalive.toMillis() + " ms";
                LOG.log(System.Logger.Level.WARNING, () -> "τ " + s.name() + ": " + why + "; the connection is dead");
                DefaultSession.PUBLISHER_EXECUTOR.execute(() -> w.drop(why));
                return;
            }
            if (pinged == 0 && now - w.lastHeardNanos > k) {
                w.pingSentNanos = now;
                w.connection.sendPing();
            }
        }
        Duration stallTimeout = resilience.stallTimeout();
        if (stallTimeout != null && responseExpected()) {
            long silence = now - Math.max(w.lastEventNanos, expectingSinceNanos);
            if (silence > stallTimeout.toNanos()) {
                String responseId = s.activeResponseId != null ? s.activeResponseId
                        : s.collectors.keySet().stream().findFirst().orElse(null);
                String key = responseId == null ? "request@" + expectingSinceNanos : responseId;
                if (!key.equals(w.stallReported)) {
                    w.stallReported = key;
                    onStall(w, new Stall(responseId, Duration.ofNanos(silence), resilience.stallAction()));
                }
            }
        }
        Duration rolloverAt = resilience.rolloverAt();
        if (rolloverAt != null && s.journal != null && now - w.openedNanos > rolloverAt.toNanos()
                && now > nextRolloverNanos && naturalPause() && rolling.compareAndSet(false, true)) {
            Thread.ofVirtual().name("tau4j-rollover-" + s.name()).start(this::rollover);
        }
    }

    private boolean responseExpected() {
        return !s.calls.handlesByRequestId.isEmpty() || !s.collectors.isEmpty();
    }

    private boolean naturalPause() {
        return s.activeResponseId == null && s.collectors.isEmpty() && s.calls.handlesByRequestId.isEmpty() && !s.userSpeaking
                && s.calls.commitWaiters.isEmpty() && s.calls.itemWaiters.isEmpty();
    }

    private void onStall(Wire w, Stall stall) {
        stalls.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, () -> "τ " + s.name() + ": no server event for " + stall.silence().toMillis()
                + " ms while a response was expected (" + stall.responseId() + "); " + stall.action());
        DefaultSession.PUBLISHER_EXECUTOR.execute(() -> {
            s.dispatch(l -> l.onStall(s, stall));
            switch (stall.action()) {
                case RECONNECT -> w.drop("stalled: no server event for " + stall.silence().toMillis() + " ms");
                case REQUEST_AGAIN -> requestAgainOn(w);
                case REPORT -> {
                }
            }
        });
    }

    /** Cancels the stalled responses and asks for them again on the same connection. */
    private void requestAgainOn(Wire w) {
        s.sendLock.lock();
        try {
            for (Map.Entry<String, ResponseCollector> e : List.copyOf(s.collectors.entrySet())) {
                s.collectors.remove(e.getKey());
                s.abandoned.add(e.getKey());
                s.writeOn(w, new ResponseCancel(s.newEventId(), e.getKey()));
                DefaultResponseHandle h = e.getValue().handle();
                if (h != null && !h.cancelRequested() && !h.result().isDone()) {
                    h.unbind();
                    s.calls.handlesByRequestId.put(h.requestId(), h);
                    ResponseCreate create = new ResponseCreate(s.newEventId(), h.options().toJson(h.requestId()));
                    s.calls.track(create.eventId(), h.result());
                    s.writeOn(w, create);
                    requestedAgain.incrementAndGet();
                }
            }
            if (s.activeResponseId != null && s.abandoned.contains(s.activeResponseId)) {
                s.activeResponseId = null;
            }
            expectingSinceNanos = System.nanoTime();
        } finally {
            s.sendLock.unlock();
        }
    }

    /** A planned switch to a fresh connection at a pause, before the server's session cap. */
    private void rollover() {
        Wire w = null;
        try {
            long version = s.journal.version();
            w = s.connectWire();
            candidate = w;
            Set<String> replayed = restore(w);
            s.sendLock.lock();
            try {
                if (stopped || s.state.get() != SessionState.OPEN || s.journal.version() != version || !naturalPause()) {
                    LOG.log(System.Logger.Level.DEBUG, "τ {0}: rollover postponed: the conversation moved on", s.name());
                    w.abort();
                    nextRolloverNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    return;
                }
                Wire old = s.wire;
                s.wire = w;
                w.quiet = false;
                w.openedNanos = System.nanoTime();
                sendPendingAudio(w);
                old.retire();
                old.connection.close(1000, "rollover to a fresh connection");
                rollovers.incrementAndGet();
                itemsReplayed.addAndGet(replayed.size());
            } finally {
                s.sendLock.unlock();
            }
            LOG.log(System.Logger.Level.INFO, "τ {0}: rolled over to a fresh connection before the session cap", s.name());
            RecoveryStats now = stats();
            s.dispatch(l -> l.onRollover(s, now));
        } catch (TauException e) {
            if (w != null) {
                w.abort();
            }
            nextRolloverNanos = System.nanoTime() + ROLLOVER_RETRY_NANOS;
            if (!stopped) {
                LOG.log(System.Logger.Level.WARNING, () -> "τ " + s.name() + ": rollover failed (" + e.getMessage()
                        + "); the session goes on, and tries again later");
            }
        } finally {
            candidate = null;
            rolling.set(false);
        }
    }
}
