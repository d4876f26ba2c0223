package dev.tau4j.internal.session;

import dev.tau4j.SessionState;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.internal.Threads;
import java.security.SecureRandom;

import dev.tau4j.Response;
import dev.tau4j.ResponseHandle;
import dev.tau4j.ResponseOptions;

import dev.tau4j.event.ResponseEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The handle of one requested response. */
final class DefaultResponseHandle implements ResponseHandle {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionCore core;
    private final String requestId;
    private final boolean outOfBand;
    /** What was asked for, to ask again after a reconnect (the request id is in its metadata). */
    private final ResponseOptions options;
    private final long requestedNanos;
    private final Consumer<? super ResponseEvent> listener;
    private final CompletableFuture<String> created = new CompletableFuture<>();
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final SubmissionPublisher<ResponseEvent> publisher =
            new SubmissionPublisher<>(Threads.VIRTUAL, 256);
    /** Null until response.created bound this handle to a response id. */
    private volatile String id;
    /** Set when cancel() was called before the id was known; the cancel is sent on bind. */
    private volatile boolean cancelRequested;
    private final AtomicBoolean cancelSent = new AtomicBoolean();

    /** A handle for a new request; it leaves the session's registry when its response ends. */
    static DefaultResponseHandle create(SessionCore core, ResponseOptions options, Consumer<? super ResponseEvent> listener) {
        String requestId = "req_" + core.outbox.nextNumber() + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        DefaultResponseHandle handle = new DefaultResponseHandle(core, requestId, options, listener);
        handle.result().whenComplete((r, t) -> core.calls.handlesByRequestId.remove(requestId, handle));
        return handle;
    }

    private DefaultResponseHandle(SessionCore core, String requestId, ResponseOptions options,
            Consumer<? super ResponseEvent> listener) {
        this.core = core;
        this.requestId = requestId;
        this.options = options;
        this.outOfBand = options.outOfBand();
        this.listener = listener;
        this.requestedNanos = System.nanoTime();
        result.whenComplete((r, t) -> {
            created.completeExceptionally(t != null ? t : new IllegalStateException("response ended before it was created"));
            publisher.close();
        });
    }

    boolean outOfBand() {
        return outOfBand;
    }

    ResponseOptions options() {
        return options;
    }

    /** Whether the user cancelled this response (it is not asked for again after a reconnect). */
    boolean cancelRequested() {
        return cancelRequested;
    }

    /** The response was lost with its connection and will be asked for again: forget its old id. */
    void unbind() {
        id = null;
    }

    long requestedNanos() {
        return requestedNanos;
    }

    void bind(String responseId) {
        id = responseId;
        created.complete(responseId);
        if (cancelRequested) {
            sendCancelOnce(responseId);
        }
    }

    void deliver(ResponseEvent event) {
        if (listener != null) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                SessionCore.LOG.log(System.Logger.Level.WARNING, "τ " + core.name + ": a response listener threw;"
                        + " the session goes on", e);
            }
        }
        if (publisher.hasSubscribers()) {
            publisher.submit(event);
        }
    }

    void complete(Response response) {
        result.complete(response);
    }

    void fail(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<String> created() {
        return created;
    }

    @Override
    public CompletableFuture<Response> result() {
        return result;
    }

    @Override
    public Response await() {
        Duration timeout = core.options.responseTimeout();
        return Awaits.await(core, result, timeout.plusSeconds(1), "response.done of request " + requestId);
    }

    @Override
    public void cancel() {
        if (result.isDone()) {
            return;
        }
        cancelRequested = true;
        String responseId = id;
        if (responseId != null) {
            sendCancelOnce(responseId);
        }
    }

    private void sendCancelOnce(String responseId) {
        if (cancelSent.compareAndSet(false, true)) {
            if (core.state.current() == SessionState.OPEN) {
                core.outbox.write(new ResponseCancel(core.outbox.nextEventId(), responseId));
            }
        }
    }

    @Override
    public Flow.Publisher<ResponseEvent> events() {
        return publisher;
    }
}
