package dev.tau4j.internal.session;

import dev.tau4j.Response;
import dev.tau4j.TauException;

import dev.tau4j.event.Item;
import dev.tau4j.event.SessionInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The calls of one session that wait for the server's answer, by what will answer them: an
 * error naming the event id we sent, an item id, a response's request id, or the next event of
 * a kind (commits, clears and updates are answered in order). The reader completes them; a
 * recovery resends or completes them; the end of the session fails them all.
 */
final class PendingCalls {

    /** Calls by the event id we sent; an error naming the id fails the call. */
    final Map<String, CompletableFuture<?>> pendingByEventId = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Item>> itemWaiters = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Item>> retrieveWaiters = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Void>> deleteWaiters = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Void>> truncateWaiters = new ConcurrentHashMap<>();
    final Queue<CompletableFuture<String>> commitWaiters = new ConcurrentLinkedQueue<>();
    final Queue<CompletableFuture<Void>> clearWaiters = new ConcurrentLinkedQueue<>();
    final Queue<CompletableFuture<SessionInfo>> updateWaiters = new ConcurrentLinkedQueue<>();
    /** Requested responses not created yet, by our request id (in the response's metadata). */
    final Map<String, DefaultResponseHandle> handlesByRequestId = new ConcurrentHashMap<>();
    /** Cancel calls awaiting the end of the response they cancel, by response id. */
    final Map<String, CompletableFuture<Optional<Response>>> cancelWaiters = new ConcurrentHashMap<>();

    /** Fails {@code future} with the server's error naming {@code eventId}, until it completes. */
    void track(String eventId, CompletableFuture<?> future) {
        pendingByEventId.put(eventId, future);
        future.whenComplete((r, t) -> pendingByEventId.remove(eventId, future));
    }

    /** Fails every waiting call with {@code failure}. */
    void failAll(TauException failure) {
        pendingByEventId.values().forEach(f -> f.completeExceptionally(failure));
        pendingByEventId.clear();
        failAll(itemWaiters.values(), failure);
        failAll(retrieveWaiters.values(), failure);
        failAll(deleteWaiters.values(), failure);
        failAll(truncateWaiters.values(), failure);
        failAll(commitWaiters, failure);
        failAll(clearWaiters, failure);
        failAll(updateWaiters, failure);
        failAll(cancelWaiters.values(), failure);
        handlesByRequestId.values().forEach(h -> h.fail(failure));
        handlesByRequestId.clear();
    }

    private static void failAll(Iterable<? extends CompletableFuture<?>> futures, Throwable failure) {
        for (CompletableFuture<?> f : futures) {
            f.completeExceptionally(failure);
        }
    }

    /** Completes the oldest call of {@code queue} still waiting. */
    static <T> void completeNext(Queue<CompletableFuture<T>> queue, T value) {
        CompletableFuture<T> f;
        while ((f = queue.poll()) != null) {
            if (f.complete(value)) {
                return;
            }
        }
    }

    /** Completes the call waiting on {@code id}, if any. */
    static <T> void completeWaiter(Map<String, CompletableFuture<T>> waiters, String id, T value) {
        if (id != null) {
            CompletableFuture<T> f = waiters.remove(id);
            if (f != null) {
                f.complete(value);
            }
        }
    }

    /** A call waiting on {@code key}, which leaves the map when it completes; one at a time per key. */
    static <K, V> CompletableFuture<V> waiter(Map<K, CompletableFuture<V>> map, K key) {
        CompletableFuture<V> f = new CompletableFuture<>();
        if (map.putIfAbsent(key, f) != null) {
            throw new IllegalStateException("a call on " + key + " is already waiting");
        }
        f.whenComplete((r, t) -> map.remove(key, f));
        return f;
    }
}
