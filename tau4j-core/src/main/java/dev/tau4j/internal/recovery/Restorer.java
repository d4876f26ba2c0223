package dev.tau4j.internal.recovery;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ConnectionException;
import dev.tau4j.ServerErrorException;
import dev.tau4j.TauException;
import dev.tau4j.TauTimeoutException;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.Item;
import dev.tau4j.event.SessionUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restores a session's configuration and conversation onto a new connection, whose events stay
 * hidden from listeners meanwhile. Used by the reconnect and by the rollover. A connection that
 * resumed the server-kept conversation ({@link dev.tau4j.internal.dialect.Dialect#resumed()}) gets
 * the configuration only.
 */
final class Restorer {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private final RecoveryHost host;

    Restorer(RecoveryHost host) {
        this.host = host;
    }

    /**
     * Restores onto {@code w}; returns the ids of the items created. An item the server refuses is
     * skipped with a warning. Throws a {@link TauException} when {@code w} fails or times out.
     */
    Set<String> restore(Wire w) {
        w.quiet(true);
        JournalStore journal = host.journal();
        Duration timeout = host.callTimeout();
        // Registered so that an error naming one of these events fails its wait; unregistered at the
        // end, also when the restore fails and its confirmations never come.
        List<String> eventIds = new ArrayList<>();
        try {
            SessionUpdate update = new SessionUpdate(host.newEventId(), journal.config());
            eventIds.add(update.eventId());
            host.track(update.eventId(), w.restored());
            host.writeOn(w, update);
            await(w, w.restored(), timeout, "session.updated of the restored configuration");
            if (w.dialect().resumed()) {
                // The server took up the conversation it kept: replaying it would say everything twice.
                return Set.of();
            }
            List<Item> items = journal.replayItems();
            List<CompletableFuture<Item>> confirmations = new ArrayList<>(items.size());
            for (Item item : items) {
                CompletableFuture<Item> confirmed = new CompletableFuture<>();
                w.replayed().put(item.id(), confirmed);
                ConversationItemCreate create = new ConversationItemCreate(host.newEventId(), null, item);
                eventIds.add(create.eventId());
                host.track(create.eventId(), confirmed);
                confirmations.add(confirmed);
                host.writeOn(w, create);
            }
            Set<String> replayed = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                try {
                    await(w, confirmations.get(i), timeout, "replay of item " + items.get(i).id());
                    replayed.add(items.get(i).id());
                } catch (ServerErrorException e) {
                    String id = items.get(i).id();
                    LOG.log(System.Logger.Level.WARNING, () -> "τ " + host.name() + ": the server refused replayed item "
                            + id + ": " + e.getMessage() + "; going on without it");
                }
            }
            return replayed;
        } finally {
            eventIds.forEach(host::untrack);
        }
    }

    /** Waits for {@code f}, failing early when {@code w} closes. */
    private static <T> T await(Wire w, CompletableFuture<T> f, Duration timeout, String what) {
        try {
            CompletableFuture.anyOf(f, w.closed()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!f.isDone()) {
                throw new ConnectionClosedException(1006, "the new connection closed during " + what, null);
            }
            return f.join();
        } catch (TimeoutException e) {
            throw new TauTimeoutException(what, timeout);
        } catch (CompletionException | ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof TauException te ? te : new ConnectionException("Failed during " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TauException("Interrupted during " + what, e);
        }
    }
}
