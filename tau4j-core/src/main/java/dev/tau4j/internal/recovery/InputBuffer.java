package dev.tau4j.internal.recovery;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The input audio appended since the last commit, as the journal keeps it to send again on a new
 * connection, with where the server's VAD said speech ended. Bounded by {@code maxBytes}: past it
 * the oldest audio goes (uncommitted audio before any speech is mostly silence). Not thread-safe:
 * the {@link ConversationJournal} that owns it guards it with its own monitor.
 */
final class InputBuffer {

    private final long maxBytes;
    private final int bytesPerMs;
    /** Chunks in arrival order. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private long bytes;
    /** Bytes this connection received before the first kept byte (the server buffer's offset). */
    private long offset;
    /** Where VAD last heard speech end, in ms of this connection's input, or -1. */
    private long speechEndMs = -1;

    InputBuffer(long maxBytes, int bytesPerMs) {
        this.maxBytes = maxBytes;
        this.bytesPerMs = Math.max(1, bytesPerMs);
    }

    long bytes() {
        return bytes;
    }

    /** Keeps {@code chunk}; false (and nothing kept) when full and {@code refuseWhenFull}. */
    boolean append(byte[] chunk, boolean refuseWhenFull) {
        if (refuseWhenFull && bytes + chunk.length > maxBytes) {
            return false;
        }
        chunks.addLast(chunk);
        bytes += chunk.length;
        while (bytes > maxBytes && chunks.size() > 1) {
            byte[] first = chunks.removeFirst();
            bytes -= first.length;
            offset += first.length;
        }
        return true;
    }

    void speechStopped(long audioEndMs) {
        speechEndMs = audioEndMs;
    }

    /** The committed audio: up to the last speech end (server VAD), or all of it (a manual commit). */
    byte[] commit() {
        long take = bytes;
        if (speechEndMs >= 0) {
            take = Math.max(0, Math.min(bytes, speechEndMs * bytesPerMs - offset));
            take -= take % 2;
            speechEndMs = -1;
        }
        return take(take);
    }

    void clear() {
        take(bytes);
    }

    /** A new connection: its buffer starts empty, and what is kept here is sent to it first. */
    List<byte[]> forNewConnection() {
        offset = 0;
        speechEndMs = -1;
        return List.copyOf(chunks);
    }

    private byte[] take(long n) {
        byte[] out = new byte[(int) n];
        int at = 0;
        while (at < n) {
            byte[] first = chunks.removeFirst();
            int use = (int) Math.min(first.length, n - at);
            System.arraycopy(first, 0, out, at, use);
            at += use;
            if (use < first.length) {
                chunks.addFirst(Arrays.copyOfRange(first, use, first.length));
            }
        }
        bytes -= n;
        offset += n;
        return out;
    }
}
