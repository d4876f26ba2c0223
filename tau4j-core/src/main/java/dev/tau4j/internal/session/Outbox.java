package dev.tau4j.internal.session;

import dev.tau4j.ConnectionException;
import dev.tau4j.SessionState;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.internal.debug.DebugTap;
import dev.tau4j.internal.recovery.Wire;
import dev.tau4j.internal.transport.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a session sends: event ids, frames onto the current connection, calls registered with
 * what will answer them, and the input-audio backlog. "Register, then send" happens under the
 * state lock, so that a recovery either resends a call or the call sends itself, never both.
 */
final class Outbox {

    private final SessionCore core;
    private final AtomicLong eventCounter = new AtomicLong();
    /** Audio handed to the transport and not yet written, in bytes. */
    private final AtomicLong queuedAudioBytes = new AtomicLong();

    Outbox(SessionCore core) {
        this.core = core;
    }

    String nextEventId() {
        return "tau4j_" + eventCounter.incrementAndGet();
    }

    long nextNumber() {
        return eventCounter.incrementAndGet();
    }

    /** Whether sends go out now; otherwise what is registered is resent by the recovery. */
    boolean sending() {
        SessionState s = core.state.current();
        return s == SessionState.OPEN || s == SessionState.CONNECTING;
    }

    CompletableFuture<Void> write(ClientEvent event) {
        Wire w = core.wire;
        return w == null ? CompletableFuture.failedFuture(new IllegalStateException("not connected")) : writeOn(w, event);
    }

    CompletableFuture<Void> writeOn(Wire w, ClientEvent event) {
        DebugTap tap = core.debugTap;
        Transport.Payload fast = tap == DebugTap.NONE && !core.eventLogger.logsFrames() ? w.dialect().encodeFast(event) : null;
        CompletableFuture<Void> sent;
        if (fast != null) {
            core.eventLogger.sent(event, null);   // the hot event goes straight to bytes: no String, no JSON tree
            sent = w.connection().sendText(fast);
        } else {
            String frame = w.dialect().encode(event);
            if (frame == null) {
                core.eventLogger.sent(event, null);
                return CompletableFuture.completedFuture(null);   // the dialect answered it itself
            }
            core.eventLogger.sent(event, frame);
            tap.sent(frame);
            sent = w.connection().sendText(frame);
        }
        if (core.journal != null && (!sent.isDone() || sent.isCompletedExceptionally())) {
            // A failed send means a broken connection: recover rather than fail the call.
            sent.whenComplete((v, t) -> {
                if (t != null && w == core.wire) {
                    w.drop("send failed: " + t.getMessage());
                }
            });
        }
        return sent;
    }

    /**
     * Registers {@code future} under the event id and sends {@code event}, after {@code register}
     * ran, all under the state lock. While reconnecting nothing is sent: the recovery resends what
     * is registered. Without recovery, a failed send fails the future. Throws {@link IllegalStateException}
     * when the session has ended, checked again under the lock (see {@link SessionCore#ensureOpen()}).
     */
    <T> void sendTracked(ClientEvent event, CompletableFuture<T> future, Runnable register) {
        core.state.lock();
        try {
            // Again under the lock: a session that failed since the caller's check has already failed
            // its waiting calls, and one registered now would wait for its whole timeout.
            core.ensureOpen();
            register.run();
            core.calls.track(event.eventId(), future);
            if (!sending()) {
                return;
            }
            write(event).whenComplete((v, t) -> {
                if (t != null && core.journal == null) {
                    future.completeExceptionally(new ConnectionException("Could not send " + event.type() + ": " + t, t));
                }
            });
        } finally {
            core.state.unlock();
        }
    }

    <T> void sendTracked(ClientEvent event, CompletableFuture<T> future) {
        sendTracked(event, future, () -> { });
    }

    /** Appends input audio: journalled (to be sent again after a loss) and sent, or queued while reconnecting. */
    boolean appendInputAudio(byte[] audio) {
        if (core.journal == null) {
            return sendAudio(audio);
        }
        core.state.lock();
        try {
            boolean live = sending();
            // Kept (copied) until committed, to be sent again on a new connection.
            if (!core.journal.onAppend(audio, !live)) {
                return false;
            }
            return !live || sendAudio(audio);
        } finally {
            core.state.unlock();
        }
    }

    private boolean sendAudio(byte[] audio) {
        long cap = core.options.sendQueueBytes();
        long now = queuedAudioBytes.addAndGet(audio.length);
        if (now > cap) {
            queuedAudioBytes.addAndGet(-audio.length);
            return false;
        }
        CompletableFuture<Void> sent = write(new InputAudioBufferAppend(null, audio));
        if (sent.isDone()) {
            queuedAudioBytes.addAndGet(-audio.length);   // written at once, as most appends are: no callback
        } else {
            sent.whenComplete((v, t) -> queuedAudioBytes.addAndGet(-audio.length));
        }
        return true;
    }

    long backlogBytes() {
        return queuedAudioBytes.get();
    }
}
