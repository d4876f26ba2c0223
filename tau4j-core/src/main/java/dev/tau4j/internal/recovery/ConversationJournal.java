package dev.tau4j.internal.recovery;

import dev.tau4j.internal.codec.OptionsJson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a logical session must restore on a new connection: the session configuration and the
 * conversation as the server confirmed it, in order, in a form that can be created again (user
 * audio with its bytes, assistant outputs as their transcripts). Deletions and truncations apply
 * as they happen. Input audio not yet committed is kept too, to be sent again.
 *
 * <p>Bounded: at most {@code maxItems} items (the oldest are forgotten), and user audio of at most
 * {@code maxAudioBytes} committed less than {@code maxAudioAge} ago (older audio items fall back to
 * their transcript). Thread-safe: the reader, user
 * threads and the recovering thread all use it.
 */
public final class ConversationJournal implements JournalStore {

    private final long maxAudioBytes;
    private final long maxAudioAgeMillis;
    private final InstantSource clock;
    private final int maxItems;
    private final int outputBytesPerMs;
    private final ObjectNode config;
    /** Item ids in conversation order. */
    private final List<String> order = new ArrayList<>();
    private final Map<String, JournalEntry> entries = new HashMap<>();
    /** Items the client sent and the server has not confirmed yet, by id: they carry the audio bytes. */
    private final Map<String, Item> sent = new HashMap<>();
    /** Audio of committed input buffers, by item id, until the item itself is confirmed. */
    private final Map<String, HeldAudio> committedAudio = new LinkedHashMap<>();
    /** Deletions sent and not yet confirmed: these items are not replayed. */
    private final java.util.Set<String> deleting = new java.util.HashSet<>();
    /** Input audio appended since the last commit. */
    private final InputBuffer pending;
    private long heldAudioBytes;
    private long forgottenItems;
    private long version;
    /** Told of items forgotten for the item bound: after a reconnect the server will not have them. */
    private final java.util.function.Consumer<String> onForget;

    public ConversationJournal(String initialConfig, long maxAudioBytes, int maxItems, long maxPendingBytes,
            int inputBytesPerMs, int outputBytesPerMs, java.util.function.Consumer<String> onForget) {
        this(initialConfig, maxAudioBytes, Duration.ofDays(365), InstantSource.system(), maxItems, maxPendingBytes,
                inputBytesPerMs, outputBytesPerMs, onForget);
    }

    /** A journal whose user audio is also bounded by age, {@code maxAudioAge} measured on {@code clock}. */
    public ConversationJournal(String initialConfig, long maxAudioBytes, Duration maxAudioAge, InstantSource clock,
            int maxItems, long maxPendingBytes, int inputBytesPerMs, int outputBytesPerMs,
            java.util.function.Consumer<String> onForget) {
        this.maxAudioAgeMillis = maxAudioAge.toMillis();
        this.clock = clock;
        this.onForget = onForget;
        try {
            this.config = (ObjectNode) dev.tau4j.internal.codec.Json.MAPPER.readTree(initialConfig);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("session options are not a JSON object", e);
        }
        this.maxAudioBytes = maxAudioBytes;
        this.maxItems = maxItems;
        this.pending = new InputBuffer(maxPendingBytes, inputBytesPerMs);
        this.outputBytesPerMs = Math.max(1, outputBytesPerMs);
    }

    // ---------------------------------------------------------------- configuration

    /** A {@code session.update} was sent: its fields now belong to the configuration to restore. */
    @Override
    public synchronized void onSessionUpdate(String partialJson) {
        ObjectNode partial;
        try {
            partial = (ObjectNode) dev.tau4j.internal.codec.Json.MAPPER.readTree(partialJson);
        } catch (java.io.IOException | ClassCastException e) {
            return;
        }
        partial.properties().forEach(e -> OptionsJson.merge(config, e.getKey(), e.getValue().deepCopy()));
    }

    /** The configuration to send on a new connection. */
    @Override
    public synchronized String config() {
        return dev.tau4j.internal.codec.Json.write(config);
    }

    // ---------------------------------------------------------------- items

    /** The client sent {@code item} for creation (it carries any audio bytes). */
    @Override
    public synchronized void onItemSent(Item item) {
        sent.put(item.id(), item);
    }

    /** The server confirmed an item ({@code conversation.item.added}/{@code .done}/{@code .created}). */
    @Override
    public synchronized void onItem(Item item, String previousItemId, boolean done) {
        if (item == null || item.id() == null) {
            return;
        }
        JournalEntry e = entries.get(item.id());
        if (e == null) {
            e = new JournalEntry();
            entries.put(item.id(), e);
            insert(item.id(), previousItemId);
            Item mine = sent.remove(item.id());
            HeldAudio audio = committedAudio.remove(item.id());
            if (audio != null) {
                heldAudioBytes -= audio.length();
            } else if (mine instanceof MessageItem m) {
                byte[] inline = JournalEntry.audioOf(m);
                audio = inline == null ? null : HeldAudio.of(inline);
            }
            if (audio != null && audio.length() > 0) {
                e.audio = audio;
                e.audioAtMillis = clock.millis();
                heldAudioBytes += audio.length();
            }
            trim();
        }
        e.item = item;
        version++;
        boolean completed = item instanceof MessageItem m ? !"in_progress".equals(m.status())
                : item instanceof FunctionCallItem f ? !"in_progress".equals(f.status()) : true;
        e.done |= done || completed && !(item instanceof MessageItem m2 && "assistant".equals(m2.role()));
        if (item instanceof MessageItem m && "user".equals(m.role())) {
            String t = m.text();
            if (t != null && !t.isEmpty()) {
                e.transcript = t;
            }
        }
    }

    private void insert(String id, String previousItemId) {
        if (previousItemId == null) {
            // Appended items name their predecessor; a null one is the first item.
            order.add(0, id);
            return;
        }
        int at = order.size() > 0 && order.get(order.size() - 1).equals(previousItemId) ? order.size()
                : order.indexOf(previousItemId) + 1;
        order.add(at <= 0 ? order.size() : at, id);
    }

    /** The transcript of a user audio item arrived. */
    @Override
    public synchronized void onTranscript(String itemId, String transcript) {
        JournalEntry e = entries.get(itemId);
        if (e != null && transcript != null && !transcript.isEmpty()) {
            e.transcript = transcript;
        }
    }

    /** Output audio arrived for an assistant item. */
    @Override
    public synchronized void onOutputAudio(String itemId, int bytes) {
        JournalEntry e = itemId == null ? null : entries.get(itemId);
        if (e != null) {
            e.outputAudioBytes += bytes;
        }
    }

    /** A deletion was sent: the item is no longer replayed, confirmed or not. */
    @Override
    public synchronized void onDeleteSent(String itemId) {
        deleting.add(itemId);
        version++;
    }

    /** The server refused a deletion: the item stays. */
    @Override
    public synchronized void onDeleteRefused(String itemId) {
        if (deleting.remove(itemId)) {
            version++;
        }
    }

    /** The server deleted an item. */
    @Override
    public synchronized void onDeleted(String itemId) {
        deleting.remove(itemId);
        sent.remove(itemId);
        JournalEntry e = entries.remove(itemId);
        version++;
        if (e != null) {
            order.remove(itemId);
            dropAudio(e);
        }
    }

    /** A truncation was sent (or confirmed): the replayed transcript is cut to the audio heard. */
    @Override
    public synchronized void onTruncated(String itemId, long audioEndMs) {
        JournalEntry e = entries.get(itemId);
        if (e != null) {
            e.truncatedAtMs = audioEndMs;
            version++;
        }
    }

    /** Keeps the journal within its bounds: forgets the oldest items, drops the oldest audio. */
    private void trim() {
        while (order.size() > maxItems) {
            String id = order.remove(0);
            JournalEntry e = entries.remove(id);
            if (e != null) {
                dropAudio(e);
            }
            forgottenItems++;
            onForget.accept(id);
        }
        // Committed audio whose item never came (the server dropped it) goes first, oldest first.
        for (Iterator<HeldAudio> it = committedAudio.values().iterator(); heldAudioBytes > maxAudioBytes && it.hasNext(); ) {
            HeldAudio a = it.next();
            heldAudioBytes -= a.length();
            a.release();
            it.remove();
        }
        for (Iterator<String> it = order.iterator(); heldAudioBytes > maxAudioBytes && it.hasNext(); ) {
            dropAudio(entries.get(it.next()));
        }
        if (heldAudioBytes > 0) {
            long oldest = clock.millis() - maxAudioAgeMillis;
            for (JournalEntry e : entries.values()) {
                if (e.audio != null && e.audioAtMillis < oldest) {
                    dropAudio(e);
                }
            }
        }
    }

    /** Lets go of an entry's audio (its blocks go back to the pool); the replay falls back to the transcript. */
    private void dropAudio(JournalEntry e) {
        if (e.audio != null) {
            heldAudioBytes -= e.audio.length();
            e.audio.release();
            e.audio = null;
        }
    }

    /** Whether the journal holds a confirmed item {@code id}. */
    @Override
    public synchronized boolean contains(String id) {
        return entries.containsKey(id);
    }

    /** Number of items the journal holds. */
    @Override
    public synchronized int size() {
        return order.size();
    }

    /** Bytes of user audio held (committed items and pending input). */
    @Override
    public synchronized long audioBytes() {
        return heldAudioBytes + pending.bytes();
    }

    /** Items forgotten because of the item bound. */
    @Override
    public synchronized long forgottenItems() {
        return forgottenItems;
    }

    /** Ids of the confirmed items, in order (what the server's conversation should hold). */
    @Override
    public synchronized List<String> itemIds() {
        List<String> ids = new ArrayList<>();
        for (String id : order) {
            JournalEntry e = entries.get(id);
            if (e.done && !deleting.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The items to create on a new connection, in order: confirmed items as replayable items,
     * then items sent but never confirmed (their callers are still waiting).
     */
    @Override
    public synchronized List<Item> replayItems() {
        List<Item> out = new ArrayList<>(order.size() + sent.size());
        for (String id : order) {
            JournalEntry e = entries.get(id);
            if (!e.done || deleting.contains(id)) {
                continue;
            }
            Item item = e.replayable(outputBytesPerMs);
            if (item != null) {
                out.add(item);
            }
        }
        for (Item item : sent.values()) {
            if (!entries.containsKey(item.id()) && !deleting.contains(item.id())) {
                out.add(item);
            }
        }
        return out;
    }

    /** The response that produced an item is done: its final form (for beta servers, which send no item.done). */
    @Override
    public synchronized void onResponseOutput(Item item) {
        if (item != null && item.id() != null && entries.containsKey(item.id())) {
            onItem(item, null, true);
        }
    }

    /** Changes whenever the conversation changes (items, deletions, truncations). */
    @Override
    public synchronized long version() {
        return version;
    }

    /** Items sent for creation and not confirmed yet. */
    @Override
    public synchronized List<Item> unconfirmed() {
        return List.copyOf(sent.values());
    }

    // ---------------------------------------------------------------- input audio

    /**
     * Input audio is being appended. Returns false when the pending buffer is full and
     * {@code refuseWhenFull}; otherwise keeps a copy of the chunk (the caller may reuse it),
     * dropping the oldest pending audio past the bound (uncommitted audio before any speech is
     * mostly silence).
     */
    @Override
    public synchronized boolean onAppend(byte[] chunk, boolean refuseWhenFull) {
        return pending.append(chunk, refuseWhenFull);
    }

    /** The server's VAD heard the end of speech at {@code audioEndMs} of this connection's input. */
    @Override
    public synchronized void onSpeechStopped(long audioEndMs) {
        pending.speechStopped(audioEndMs);
    }

    /**
     * The input buffer was committed as {@code itemId}: its audio is the pending audio up to the
     * last speech end (server VAD) or all of it (a manual commit).
     */
    @Override
    public synchronized void onCommitted(String itemId) {
        HeldAudio audio = pending.commit();
        if (itemId != null && audio.length() > 0) {
            HeldAudio before = committedAudio.put(itemId, audio);
            heldAudioBytes += audio.length();
            if (before != null) {
                heldAudioBytes -= before.length();
                before.release();
            }
        } else {
            audio.release();
        }
        trim();
    }

    /** The input buffer was cleared. */
    @Override
    public synchronized void onCleared() {
        pending.clear();
    }

    /** A new connection starts: its input buffer is empty, and the pending audio will be sent first. */
    @Override
    public synchronized List<byte[]> pendingForNewConnection() {
        committedAudio.values().forEach(a -> {
            heldAudioBytes -= a.length();
            a.release();
        });
        committedAudio.clear();
        return pending.forNewConnection();
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT, "Journal[%d items, %d audio bytes, %d pending bytes]", order.size(),
                heldAudioBytes, pending.bytes());
    }
}
