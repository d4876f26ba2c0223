package dev.tau4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A blocking input with one buffer, for the HTTP heads of the handshake (and a proxy's CONNECT
 * answer); what it read past the head goes to the connection ({@link #unread()}). Confined to the
 * connecting thread.
 */
final class SocketInput {

    private static final int INITIAL = 2 * 1024;

    private final InputStream in;
    /** The bytes read and not consumed are {@code buf[pos..limit)}. */
    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int limit;

    SocketInput(InputStream in) {
        this.in = in;
    }

    int available() {
        return limit - pos;
    }

    /** Blocks until at least {@code n} unconsumed bytes are buffered. */
    private void ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        if (buf.length - pos < n) {
            if (buf.length < n) {
                byte[] bigger = new byte[Math.max(n, buf.length * 2)];
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
            limit += r;
        }
    }

    /** The bytes read ahead and not consumed (the server's first frames, after the handshake); consumes them. */
    byte[] unread() {
        byte[] b = Arrays.copyOfRange(buf, pos, limit);
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
