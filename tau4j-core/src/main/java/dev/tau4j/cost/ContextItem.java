package dev.tau4j.cost;

import java.util.Objects;

/**
 * A conversation item as seen by a {@link PruningPolicy}: its id, an estimate of the input
 * tokens it costs on every turn while it stays in the context, and whether it must be kept.
 *
 * @param itemId           the server's item id
 * @param estimatedTokens  estimated input tokens of the item (e.g. from its response's usage, or
 *                         audio duration × the model's audio tokens per second)
 * @param pinned           {@code true} for items never to delete: system/developer messages,
 *                         items the application pinned
 */
public record ContextItem(String itemId, long estimatedTokens, boolean pinned) {

    public ContextItem {
        Objects.requireNonNull(itemId, "itemId");
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must not be negative, got " + estimatedTokens);
        }
    }

    /** An item that may be pruned. */
    public static ContextItem of(String itemId, long estimatedTokens) {
        return new ContextItem(itemId, estimatedTokens, false);
    }

    /** An item that is never pruned (system message, pinned item). */
    public static ContextItem pinned(String itemId, long estimatedTokens) {
        return new ContextItem(itemId, estimatedTokens, true);
    }

    /** {@code ContextItem[item_1 ~120 tokens, pinned]}. */
    @Override
    public String toString() {
        return "ContextItem[" + itemId + " ~" + estimatedTokens + " tokens" + (pinned ? ", pinned" : "") + "]";
    }
}
