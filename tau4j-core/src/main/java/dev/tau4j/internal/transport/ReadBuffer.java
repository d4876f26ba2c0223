package dev.tau4j.internal.transport;

import java.nio.ByteBuffer;

/**
 * A connection's received bytes and its parse state between frames: the bytes read and not yet
 * parsed ({@code buf[pos..limit)}), a large frame being filled, a fragmented message being joined.
 * Small for an idle connection (2 KiB); grows for a large frame, a busy socket or a TLS record.
 * Not thread-safe: owned by whichever thread reads the connection at the time.
 */
final class ReadBuffer {

    /** Frames up to this size are parsed inside the buffer; larger ones get an array of their own. */
    static final int IN_PLACE = 64 * 1024;
    /** Small, for idle sessions: OpenAI's largest idle messages ({@code session.updated}) are under 2 KiB. */
    private static final int INITIAL = 2 * 1024;

    private final int maxMessageBytes;
    private byte[] buf;
    private ByteBuffer view;
    private int pos;
    private int limit;
    /** The size of the incomplete frame at {@code pos} that must fit in the buffer, or 0. */
    private int wanted;
    /** The last read filled the buffer: more was waiting, so the buffer grows (up to {@link #IN_PLACE}). */
    private boolean busy;
    /** A frame larger than {@link #IN_PLACE} being filled: its payload so far. */
    private byte[] big;
    private int bigFilled;
    private int bigOpcode;
    private boolean bigFin;
    /** The fragmented message being joined: its opcode or -1, and its bytes so far. */
    private int messageOpcode = -1;
    private byte[] message;
    private int messageLength;

    /** A buffer holding {@code leftover}, the bytes the server sent right after the handshake. */
    ReadBuffer(byte[] leftover, int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.buf = new byte[Math.max(INITIAL, leftover.length)];
        System.arraycopy(leftover, 0, buf, 0, leftover.length);
        this.limit = leftover.length;
        this.view = ByteBuffer.wrap(buf);
    }

    /**
     * The free space after the unread bytes, at least {@code atLeast} bytes (and the whole of the
     * frame being waited for), as a buffer to read into; then {@link #filled} says how much came.
     */
    ByteBuffer room(int atLeast) {
        int unread = limit - pos;
        int capacity = Math.max(wanted, unread + atLeast);
        if (busy && buf.length < IN_PLACE) {
            capacity = Math.max(capacity, Math.min(IN_PLACE, buf.length * 2));
        }
        busy = false;
        if (capacity > buf.length) {
            byte[] bigger = new byte[Math.max(capacity, Math.min(IN_PLACE, buf.length * 2))];
            System.arraycopy(buf, pos, bigger, 0, unread);
            buf = bigger;
            view = ByteBuffer.wrap(buf);
            limit = unread;
            pos = 0;
        } else if (pos > 0 && (pos == limit || pos + capacity > buf.length)) {
            System.arraycopy(buf, pos, buf, 0, unread);
            limit = unread;
            pos = 0;
        }
        view.limit(buf.length).position(limit);
        return view;
    }

    /** {@code n} bytes were read into {@link #room}. */
    void filled(int n) {
        limit += n;
        busy = limit == buf.length;
    }

    byte[] buf() {
        return buf;
    }

    int pos() {
        return pos;
    }

    int available() {
        return limit - pos;
    }

    void consume(int n) {
        pos += n;
    }

    /** The frame at {@code pos} is {@code frameBytes} long and incomplete (0: none is waited for). */
    void want(int frameBytes) {
        wanted = frameBytes;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    // ---- a frame larger than IN_PLACE ----

    boolean inLargeFrame() {
        return big != null;
    }

    void startLargeFrame(int opcode, boolean fin, int length) {
        big = new byte[length];
        bigFilled = 0;
        bigOpcode = opcode;
        bigFin = fin;
    }

    /** Moves buffered bytes into the large frame; returns its payload once complete (and forgets it), else null. */
    byte[] fillLargeFrame() {
        int take = Math.min(limit - pos, big.length - bigFilled);
        System.arraycopy(buf, pos, big, bigFilled, take);
        pos += take;
        bigFilled += take;
        if (bigFilled < big.length) {
            return null;
        }
        byte[] done = big;
        big = null;
        return done;
    }

    int largeFrameOpcode() {
        return bigOpcode;
    }

    boolean largeFrameFin() {
        return bigFin;
    }

    // ---- a fragmented message ----

    int messageOpcode() {
        return messageOpcode;
    }

    int messageLength() {
        return messageLength;
    }

    void startMessage(int opcode) {
        messageOpcode = opcode;
        messageLength = 0;
    }

    void append(byte[] data, int offset, int n) {
        int need = messageLength + n;
        if (message == null || message.length < need) {
            int size = message == null ? Math.max(need, 8 * 1024) : Math.max(need, message.length * 2);
            byte[] bigger = new byte[(int) Math.min(size, Math.max(need, maxMessageBytes))];
            if (message != null) {
                System.arraycopy(message, 0, bigger, 0, messageLength);
            }
            message = bigger;
        }
        System.arraycopy(data, offset, message, messageLength, n);
        messageLength = need;
    }

    /** The joined message's bytes ({@link #messageLength()} of them); the message ends. */
    byte[] finishMessage() {
        byte[] m = message;
        messageOpcode = -1;
        if (message.length > IN_PLACE) {
            message = null;
        }
        return m;
    }
}
