package dev.tau4j.internal.recovery;

import dev.tau4j.event.Item;
import java.util.List;

/**
 * What recovery replays onto a new connection: the session's configuration, the conversation as
 * the server confirmed it, and input audio not yet committed. The session records into it as
 * events go by; recovery reads it when it restores a connection.
 *
 * <p>{@link ConversationJournal} keeps it in memory. The seam is here so that a store outside the
 * JVM can let another process resume a call. Implementations are thread-safe: the reader, user
 * threads and the recovering thread all use them.
 */
public interface JournalStore {

    /** A {@code session.update} was sent: its fields now belong to the configuration to restore. */
    void onSessionUpdate(String partialJson);

    /** The configuration to send on a new connection. */
    String config();

    /** The client sent {@code item} for creation (it carries any audio bytes). */
    void onItemSent(Item item);

    /** The server confirmed an item ({@code conversation.item.added}/{@code .done}/{@code .created}). */
    void onItem(Item item, String previousItemId, boolean done);

    /** The transcript of a user audio item arrived. */
    void onTranscript(String itemId, String transcript);

    /** Output audio arrived for an assistant item. */
    void onOutputAudio(String itemId, int bytes);

    /** A deletion was sent: the item is no longer replayed, confirmed or not. */
    void onDeleteSent(String itemId);

    /** The server refused a deletion: the item stays. */
    void onDeleteRefused(String itemId);

    /** The server deleted an item. */
    void onDeleted(String itemId);

    /** A truncation was sent (or confirmed): the replayed transcript is cut to the audio heard. */
    void onTruncated(String itemId, long audioEndMs);

    /** Whether the journal holds a confirmed item {@code id}. */
    boolean contains(String id);

    /** Number of items the journal holds. */
    int size();

    /** Bytes of user audio held (committed items and pending input). */
    long audioBytes();

    /** Items forgotten because of the item bound. */
    long forgottenItems();

    /** Ids of the confirmed items, in order (what the server's conversation should hold). */
    List<String> itemIds();

    /**
     * The items to create on a new connection, in order: confirmed items as replayable items,
     * then items sent but never confirmed (their callers are still waiting).
     */
    List<Item> replayItems();

    /** The response that produced an item is done: its final form (for beta servers, which send no item.done). */
    void onResponseOutput(Item item);

    /** Changes whenever the conversation changes (items, deletions, truncations). */
    long version();

    /** Items sent for creation and not confirmed yet. */
    List<Item> unconfirmed();

    /**
     * Input audio is being appended. Returns false when the pending buffer is full and
     * {@code refuseWhenFull}; otherwise keeps a copy of the chunk (the caller may reuse it),
     * dropping the oldest pending audio past the bound (uncommitted audio before any speech is
     * mostly silence).
     */
    boolean onAppend(byte[] chunk, boolean refuseWhenFull);

    /** The server's VAD heard the end of speech at {@code audioEndMs} of this connection's input. */
    void onSpeechStopped(long audioEndMs);

    /**
     * The input buffer was committed as {@code itemId}: its audio is the pending audio up to the
     * last speech end (server VAD) or all of it (a manual commit).
     */
    void onCommitted(String itemId);

    /** The input buffer was cleared. */
    void onCleared();

    /** A new connection starts: its input buffer is empty, and the pending audio will be sent first. */
    List<byte[]> pendingForNewConnection();

    String toString();
}
