package dev.tau4j.internal.session;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.MessageTooLargeException;
import dev.tau4j.ProtocolException;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.event.ErrorDetail;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.codec.FrameProbe;
import dev.tau4j.internal.debug.DebugTap;
import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.recovery.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What arrives on the session's connections: frames are decoded, applied by the
 * {@link EventRouter}, then shown to listeners; a close is the end of the session or the start of
 * a recovery. Runs on each connection's reader.
 *
 * <p>A frame the session cannot decode or apply is a {@link ProtocolException}: it is reported
 * through {@code onError}, the response it belongs to (when one is waiting) fails at once with it,
 * and the connection stays up. It is never taken for a lost connection.
 */
final class Inbound implements Wire.Events {

    private final SessionCore core;
    private final EventRouter router;
    private final Lifecycle lifecycle;

    Inbound(SessionCore core, EventRouter router, Lifecycle lifecycle) {
        this.core = core;
        this.router = router;
        this.lifecycle = lifecycle;
    }

    @Override
    public void onFrame(Wire w, byte[] buf, int offset, int length) {
        Dialect dialect = w.dialect();
        ServerEvent event;
        try {
            event = dialect.decode(buf, offset, length);
        } catch (ProtocolException e) {
            malformed(text(buf, offset, length), e);
            return;
        } catch (RuntimeException e) {
            String frame = text(buf, offset, length);
            malformed(frame, new ProtocolException("Server frame could not be decoded (" + e + ")", frame, e));
            return;
        }
        DebugTap tap = core.debugTap;
        // The frame as text only when something shows it: the hot path never builds the String.
        String frame = tap != DebugTap.NONE || core.eventLogger.logsFrames() ? text(buf, offset, length) : null;
        tap.received(frame);
        if (event != null) {
            core.eventLogger.received(event, frame);
            if (!apply(w, event, buf, offset, length, frame)) {
                return;
            }
        }
        if (!w.makesEvents()) {
            return;   // one event per frame: the OpenAI family, and its audio deltas
        }
        // A dialect that makes events may read no event, or several, from one frame (Gemini Live).
        while ((event = dialect.next()) != null) {
            core.eventLogger.received(event, frame);
            if (!apply(w, event, buf, offset, length, frame)) {
                return;
            }
        }
    }

    @Override
    public void onLocal(Wire w, ServerEvent event) {
        core.eventLogger.received(event, null);
        apply(w, event, null, 0, 0, null);
    }

    @Override
    public void goAway(Wire w, Duration timeLeft) {
        SessionCore.LOG.log(System.Logger.Level.INFO, () -> "τ " + core.name + ": the server ends " + w + " in "
                + timeLeft.toMillis() + " ms; moving to a new connection");
        core.recovery.goAway(w, timeLeft);
    }

    /** Applies one event and shows it to listeners; false when it could not be applied (reported). */
    private boolean apply(Wire w, ServerEvent event, byte[] buf, int offset, int length, String frame) {
        try {
            router.handle(w, event);
        } catch (ProtocolException e) {
            malformed(frame != null ? frame : buf == null ? event.toString() : text(buf, offset, length), e);
            return false;
        } catch (RuntimeException e) {
            String text = frame != null ? frame : buf == null ? event.toString() : text(buf, offset, length);
            malformed(text, new ProtocolException("Server event " + event.type() + " could not be applied (" + e + ")",
                    text, e));
            return false;
        }
        if (w.quiet()) {
            return true;
        }
        core.dispatch(l -> l.onEvent(core.session, event));
        core.eventPublisher.submit(event);
        return true;
    }

    private static String text(byte[] buf, int offset, int length) {
        return new String(buf, offset, length, StandardCharsets.UTF_8);
    }

    /**
     * Reports {@code e} and fails the responses the frame belongs to: the one its
     * {@code response_id} names (or, for an unreadable {@code response.created}, the request it
     * answers, which would otherwise wait for a response that never starts), or, for a response
     * event without a usable id, every response running.
     */
    private void malformed(String frame, ProtocolException e) {
        SessionCore.LOG.log(System.Logger.Level.WARNING, () -> "τ " + core.name + ": " + e.getMessage());
        FrameProbe probe = FrameProbe.of(frame);
        if (probe.responseScoped()) {
            String id = probe.responseId();
            ResponseCollector c = id == null ? null : core.responses.collectors.get(id);
            DefaultResponseHandle asked = probe.requestId() == null ? null
                    : core.calls.handlesByRequestId.remove(probe.requestId());
            if (asked != null) {
                core.calls.pendingByEventId.values().remove(asked.result());
                asked.fail(e);
            }
            if (c != null) {
                failResponse(c, e);
            } else if (id == null) {
                core.responses.running().forEach(r -> failResponse(r, e));
            }
        }
        core.reportError(e);
    }

    private void failResponse(ResponseCollector c, ProtocolException e) {
        core.responses.collectors.remove(c.responseId(), c);
        if (c.responseId().equals(core.responses.activeResponseId)) {
            core.responses.activeResponseId = null;
        }
        if (c.handle() != null) {
            c.handle().fail(e);
        }
    }

    @Override
    public void onBinaryFrame(Wire w, int bytes) {
        core.reportError(new ProtocolException("Server sent a binary frame of " + bytes + " bytes; realtime servers"
                + " send text", null, null));
    }

    /**
     * Wire {@code w} closed or dropped. Only the current wire matters (decided under the state
     * lock, so a wire closed just before it was adopted is seen closed by the adoption). A wire
     * that closes while the session opens fails the opening; a lost open session is recovered
     * when policy allows, else it fails.
     */
    @Override
    public void wireClosed(Wire w, int code, String reason) {
        ErrorDetail error = router.recentUnmatchedError();
        // An oversize message is the server's (or our limit's) doing, not the network's: retrying would
        // ask for, and bill, the same message again.
        TauException said = w.dialect().closeFailure(code, reason);
        TauException failure = said != null ? said : code == MessageTooLargeException.CLOSE_CODE
                ? new MessageTooLargeException(reason) : new ConnectionClosedException(code, reason, error);
        // A connection closed before its session.created fails whoever is connecting it.
        w.created().completeExceptionally(failure);
        core.state.lock();
        try {
            if (w != core.wire) {
                return;
            }
            SessionState s = core.state.current();
            switch (s) {
                case CLOSING, CLOSED, FAILED -> lifecycle.closed(new ConnectionClosedException(code, reason, null));
                case CONNECTING -> lifecycle.fail(failure, false);
                default -> {
                    if (failure instanceof ConnectionClosedException lost && core.recovery.canRecover(lost)) {
                        SessionCore.LOG.log(System.Logger.Level.INFO, () -> "τ " + core.name + ": " + lost.getMessage()
                                + "; reconnecting");
                        core.recovery.connectionLost(lost);
                    } else {
                        SessionCore.LOG.log(System.Logger.Level.WARNING, () -> "τ " + core.name + ": " + failure.getMessage());
                        lifecycle.fail(failure, true);
                    }
                }
            }
        } finally {
            core.state.unlock();
        }
    }
}
