package dev.tau4j.internal.session;

import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.OtherItem;
import java.security.SecureRandom;

/** Item ids chosen by the client: {@code item_tau} and 24 random base-62 characters (32 in all, the server's limit). */
final class ItemIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    static final int MAX_LENGTH = 32;

    private ItemIds() {
    }

    static String next() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return "item_tau" + new String(id);
    }

    /** {@code item} with an id of its own (a new one when it has none); throws for ids the server refuses. */
    static Item ensure(Item item) {
        Item withId = item.id() != null ? item : switch (item) {
            case MessageItem m -> new MessageItem(next(), m.role(), m.status(), m.content());
            case FunctionCallOutputItem o -> new FunctionCallOutputItem(next(), o.status(), o.callId(), o.output());
            case FunctionCallItem f -> new FunctionCallItem(next(), f.status(), f.callId(), f.name(), f.arguments());
            case OtherItem o -> throw new IllegalArgumentException("raw items need their own id");
        };
        if (withId.id().length() > MAX_LENGTH) {
            throw new IllegalArgumentException("item ids are at most " + MAX_LENGTH + " characters, got " + withId.id().length());
        }
        return withId;
    }
}
