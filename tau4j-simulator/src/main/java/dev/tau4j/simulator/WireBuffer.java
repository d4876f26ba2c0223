package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One connection's reusable buffer for the messages it writes, and the way they go out: each is
 * serialised here as UTF-8 and handed to the socket from here ({@link #send}). Reuse is safe because {@link Connection#write} waits until
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

    /**
     * Sends one message of UTF-8 bytes, as text or binary, and waits until the socket took it (at
     * most 30 s); false when it failed or timed out (the connection is then over). Text goes as
     * bytes through Jetty's core session, as the API's {@code sendText} would send its String.
     */
    static boolean send(Session s, ByteBuffer utf8, boolean binary) {
        try {
            if (!binary && s instanceof WebSocketSession jetty) {
                FutureCallback done = new FutureCallback();
                jetty.getCoreSession().sendFrame(new Frame(OpCode.TEXT).setPayload(utf8), done, false);
                done.get(30, TimeUnit.SECONDS);
            } else {
                Callback.Completable done = new Callback.Completable();
                if (binary) {
                    s.sendBinary(utf8, done);
                } else {
                    s.sendText(StandardCharsets.UTF_8.decode(utf8).toString(), done);
                }
                done.get(30, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
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
