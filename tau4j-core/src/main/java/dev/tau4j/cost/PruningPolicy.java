package dev.tau4j.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chooses conversation items to delete so that the input re-billed on every turn stays bounded.
 * The session deletes the chosen items ({@code conversation.item.delete}) before the next
 * response. Implementations must be pure and thread-safe.
 */
@FunctionalInterface
public interface PruningPolicy {

    /**
     * The ids of the items to delete, oldest first.
     *
     * @param items the conversation in order, oldest first
     */
    List<String> itemsToDelete(List<ContextItem> items);

    /** Never deletes anything. */
    static PruningPolicy none() {
        return items -> List.of();
    }

    /**
     * Deletes the oldest unpinned items until the estimated input of what remains is at most
     * {@code maxTokens}. Pinned items are never chosen and are skipped over, not a stopping
     * point. When even all unpinned items are not enough, all unpinned items are chosen.
     *
     * @throws IllegalArgumentException when {@code maxTokens} is negative
     */
    static PruningPolicy keepInputUnder(long maxTokens) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative, got " + maxTokens);
        }
        return items -> {
            Objects.requireNonNull(items, "items");
            long total = 0;
            for (ContextItem item : items) {
                total += item.estimatedTokens();
            }
            List<String> delete = new ArrayList<>();
            for (ContextItem item : items) {
                if (total <= maxTokens) {
                    break;
                }
                if (!item.pinned()) {
                    delete.add(item.itemId());
                    total -= item.estimatedTokens();
                }
            }
            return List.copyOf(delete);
        };
    }
}
