package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One connection's reusable buffer for the messages it writes: each is serialised here as UTF-8
 * and handed to the socket from here. Reuse is safe because {@link Connection#write} waits until
 * the socket took a message before the next is made. Under load this replaced Jackson's growing
 * byte builder and its final copy (a seventh of the simulator's CPU with 150 streaming sessions,
 * measured). Confined to the connection thread.
 */
final class WireBuffer extends OutputStream {
    /** A buffer grown past this (a large {@code session.updated} or {@code response.done}) is not kept. */
    private static final int KEPT_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 8 * 1024;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int count;

    /** {@code node} as UTF-8 JSON, valid until the next call. */
    ByteBuffer json(JsonNode node) {
        if (buf.length > KEPT_BYTES) {
            buf = new byte[INITIAL_BYTES];
        }
        count = 0;
        try {
            Json.M.writeValue(this, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(buf, 0, count);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
