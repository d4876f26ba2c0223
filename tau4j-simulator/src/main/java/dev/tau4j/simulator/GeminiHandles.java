package dev.tau4j.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gemini session resumption handles one simulator issued: each names a copy of the
 * conversation at the end of a turn, so a new connection resuming with it continues that
 * conversation server-side. Handles expire after {@link #VALIDITY}; the oldest are forgotten past
 * {@link #MAX_HANDLES}. Thread-safe.
 */
final class GeminiHandles {
    /** How long a handle stays valid (the live service's docs cite about two hours). */
    static final Duration VALIDITY = Duration.ofHours(2);
    /** Handles kept per simulator; a long-running simulator forgets the oldest first. */
    static final int MAX_HANDLES = 4096;

    /** What a handle resumes: the conversation {@code chain} (shared by every connection resuming it) and its items. */
    record Saved(String chain, List<Item> items, long issuedNanos) {}

    /** Guarded by this. */
    private final Map<String, Saved> byHandle = new LinkedHashMap<>();

    /** Saves a copy of {@code items} under a new handle. */
    synchronized String issue(String handle, String chain, List<Item> items) {
        List<Item> copy = new ArrayList<>(items.size());
        for (Item i : items) {
            copy.add(i.copy());
        }
        byHandle.put(handle, new Saved(chain, List.copyOf(copy), System.nanoTime()));
        while (byHandle.size() > MAX_HANDLES) {
            byHandle.remove(byHandle.keySet().iterator().next());
        }
        return handle;
    }

    /** The conversation {@code handle} resumes, or null when it is unknown, expired or stale. */
    synchronized Saved find(String handle) {
        Saved s = byHandle.get(handle);
        if (s == null || System.nanoTime() - s.issuedNanos() > VALIDITY.toNanos()) {
            return null;
        }
        return s;
    }

    /** Makes every handle of {@code chain} stale. */
    synchronized void invalidate(String chain) {
        byHandle.values().removeIf(s -> s.chain().equals(chain));
    }
}
