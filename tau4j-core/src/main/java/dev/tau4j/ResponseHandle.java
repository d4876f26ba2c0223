package dev.tau4j;

import dev.tau4j.event.ResponseEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A requested response: its id once the server created it, its result, its events, and a way
 * to cancel it. Thread-safe.
 */
public interface ResponseHandle {

    /** The id tau4j put in the request metadata to recognise the response. */
    String requestId();

    /** The response id, or null until {@code response.created} arrived. */
    String id();

    /** Completes with the response id at {@code response.created}, or exceptionally if refused. */
    CompletableFuture<String> created();

    /**
     * Completes with the finished response at {@code response.done}; exceptionally with
     * {@link ServerErrorException} if the server refused it, {@link ConnectionClosedException} if
     * the connection was lost. Never hangs: it fails with {@link TauTimeoutException} after the
     * response timeout.
     */
    CompletableFuture<Response> result();

    /** Waits for the result, up to the response timeout; rethrows the failures of {@link #result()}. */
    Response await();

    /** Asks the server to cancel this response; the result then arrives with status {@code CANCELLED}. */
    void cancel();

    /** The events of this response as a hot stream (events before subscription are not replayed). */
    Flow.Publisher<ResponseEvent> events();
}
