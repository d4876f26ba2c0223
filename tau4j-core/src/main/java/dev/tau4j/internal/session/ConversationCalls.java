package dev.tau4j.internal.session;

import static dev.tau4j.internal.session.PendingCalls.waiter;

import dev.tau4j.Provider;
import dev.tau4j.ServerErrorException;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.ConversationItemDelete;
import dev.tau4j.event.ConversationItemRetrieve;
import dev.tau4j.event.ConversationItemTruncate;
import dev.tau4j.event.InputAudioBufferClear;
import dev.tau4j.event.InputAudioBufferCommit;
import dev.tau4j.event.Item;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The session's blocking conversation calls: each sends one client event through the
 * {@link Outbox}, tells the journal what it changes, and waits for the server's acknowledgement
 * in {@link Awaits} (at most the call timeout). {@link DefaultSession} delegates to it.
 */
final class ConversationCalls {

    private final SessionCore core;

    ConversationCalls(SessionCore core) {
        this.core = core;
    }

    /** {@link dev.tau4j.Session#createItem}. */
    Item createItem(Item item, String previousItemId) {
        Objects.requireNonNull(item, "item");
        core.ensureOpen();
        Item withId = ItemIds.ensure(item);
        CompletableFuture<Item> done = waiter(core.calls.itemWaiters, withId.id());
        core.outbox.sendTracked(new ConversationItemCreate(core.outbox.nextEventId(), previousItemId, withId), done, () -> {
            if (core.journal != null) {
                core.journal.onItemSent(withId);
            }
        });
        return Awaits.await(core, done, core.options.callTimeout(), "confirmation of item " + withId.id());
    }

    String commitInputAudio() {
        core.ensureOpen();
        CompletableFuture<String> f = new CompletableFuture<>();
        core.outbox.sendTracked(new InputAudioBufferCommit(core.outbox.nextEventId()), f, () -> core.calls.commitWaiters.add(f));
        return Awaits.await(core, f, core.options.callTimeout(), "input_audio_buffer.committed");
    }

    void clearInputAudio() {
        core.ensureOpen();
        CompletableFuture<Void> f = new CompletableFuture<>();
        core.outbox.sendTracked(new InputAudioBufferClear(core.outbox.nextEventId()), f, () -> {
            core.calls.clearWaiters.add(f);
            if (core.journal != null) {
                core.journal.onCleared();
            }
        });
        Awaits.await(core, f, core.options.callTimeout(), "input_audio_buffer.cleared");
    }

    void deleteItem(String itemId) {
        Objects.requireNonNull(itemId, "itemId");
        core.options.provider().require(Provider.Capability.ITEM_DELETE, "Session.deleteItem");
        core.ensureOpen();
        CompletableFuture<Void> f = waiter(core.calls.deleteWaiters, itemId);
        core.outbox.sendTracked(new ConversationItemDelete(core.outbox.nextEventId(), itemId), f, () -> {
            if (core.journal != null) {
                core.journal.onDeleteSent(itemId);
                // A refused delete leaves the item where it was, on the server and in the journal.
                f.whenComplete((r, t) -> {
                    if (t instanceof ServerErrorException) {
                        core.journal.onDeleteRefused(itemId);
                    }
                });
            }
        });
        Awaits.await(core, f, core.options.callTimeout(), "conversation.item.deleted of " + itemId);
    }

    Item retrieveItem(String itemId) {
        Objects.requireNonNull(itemId, "itemId");
        core.options.provider().require(Provider.Capability.ITEM_RETRIEVE, "Session.retrieveItem");
        core.ensureOpen();
        CompletableFuture<Item> f = waiter(core.calls.retrieveWaiters, itemId);
        core.outbox.sendTracked(new ConversationItemRetrieve(core.outbox.nextEventId(), itemId), f);
        return Awaits.await(core, f, core.options.callTimeout(), "conversation.item.retrieved of " + itemId);
    }

    void truncate(String itemId, int contentIndex, long audioEndMs) {
        Objects.requireNonNull(itemId, "itemId");
        if (contentIndex < 0 || audioEndMs < 0) {
            throw new IllegalArgumentException("contentIndex and audioEndMs must not be negative");
        }
        core.options.provider().require(Provider.Capability.TRUNCATE, "Session.truncate");
        core.ensureOpen();
        CompletableFuture<Void> f = waiter(core.calls.truncateWaiters, itemId);
        core.outbox.sendTracked(new ConversationItemTruncate(core.outbox.nextEventId(), itemId, contentIndex, audioEndMs), f,
                () -> {
                    if (core.journal != null) {
                        core.journal.onTruncated(itemId, audioEndMs);
                    }
                });
        Awaits.await(core, f, core.options.callTimeout(), "conversation.item.truncated of " + itemId);
    }
}
