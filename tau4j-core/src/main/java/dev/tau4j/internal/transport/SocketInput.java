package dev.tau4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A blocking input with one buffer, for the HTTP heads of the handshake (and a proxy's CONNECT
 * answer); what it read past the head goes to the connection ({@link #unread()}). Confined to the
 * connecting thread.
 */
final class SocketInput {

    /** The most the buffer grows to while reading a head. */
    static final int IN_PLACE = 64 * 1024;
    /** Small, for idle sessions: OpenAI's largest idle messages ({@code session.updated}) are under 2 KiB. */
    private static final int INITIAL = 2 * 1024;

    private final InputStream in;
    /** The bytes read and not consumed are {@code buf[pos..limit)}. */
    byte[] buf = new byte[INITIAL];
    int pos;
    int limit;
    /**
     * The last read filled the buffer: more was waiting. A busy connection's buffer grows (up to
     * {@link #IN_PLACE}) so that one read brings several frames; an idle one keeps its small buffer.
     */
    private boolean busy;

    SocketInput(InputStream in) {
        this.in = in;
    }

    int available() {
        return limit - pos;
    }

    /** Blocks until at least {@code n} (≤ {@link #IN_PLACE}) unconsumed bytes are buffered. */
    void ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        if (buf.length - pos < n || (busy && buf.length < IN_PLACE)) {
            if (buf.length < n || (busy && buf.length < IN_PLACE)) {
                busy = false;
                byte[] bigger = new byte[Math.max(n, Math.min(IN_PLACE, buf.length * 2))];
                System.arraycopy(buf, pos, bigger, 0, limit - pos);
                buf = bigger;
            } else {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
            }
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                throw new EOFException("connection closed by the peer");
            }
            busy = limit + r == buf.length;
            limit += r;
        }
    }

    /** The bytes read ahead and not consumed (the server's first frames, after the handshake); consumes them. */
    byte[] unread() {
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, limit);
        pos = limit;
        return b;
    }

    /** Reads an HTTP head up to its blank line (at most {@code max} bytes), ISO-8859-1. */
    String readHead(int max) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + Math.max(0, scanned - 3); i + 3 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    String head = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 4;
                    return head;
                }
            }
            scanned = limit - pos;
            if (scanned >= max) {
                throw new IOException("HTTP response head longer than " + max + " bytes");
            }
            ensure(scanned + 1);
        }
    }

    /** Up to {@code max} more bytes, until end of stream (a refused handshake's body without a length). */
    byte[] readUpTo(int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffered = Math.min(max, limit - pos);
        out.write(buf, pos, buffered);
        pos += buffered;
        byte[] chunk = new byte[4096];
        while (out.size() < max) {
            int r = in.read(chunk, 0, Math.min(chunk.length, max - out.size()));
            if (r < 0) {
                break;
            }
            out.write(chunk, 0, r);
        }
        return out.toByteArray();
    }
}
