package dev.tau4j.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS on a socket channel with an {@link SSLEngine}: the handshake and the HTTP upgrade run
 * blocking over the channel's streams ({@link #handshake}, {@link #input}, {@link #output}); the
 * connection's frames then go through {@link #unwrapInto} and {@link #wrap} on the non-blocking
 * channel. Unwrapping is confined to whichever thread reads the connection; wrapping to the writer's
 * lock ({@link SSLEngine} allows one of each at a time).
 */
final class Tls {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    final SSLEngine engine;
    /** Received bytes not yet unwrapped, in read mode (position..limit). */
    private ByteBuffer netIn;
    /** Wrapped bytes being written, in read mode; guarded by the writer's lock after the handshake. */
    private ByteBuffer netOut;
    /** {@link #wrap(ByteBuffer)}'s one source, reused (wrapping is confined to the writer's lock). */
    private final ByteBuffer[] one = new ByteBuffer[1];
    /** The session's largest record of plaintext, known once the handshake is done; read on every read. */
    private int recordRoom;

    Tls(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet).flip();
        this.netOut = ByteBuffer.allocate(packet).flip();
    }

    /** Runs the TLS handshake over the blocking streams of the channel's socket (their timeout applies). */
    void handshake(InputStream raw, OutputStream rawOut) throws IOException {
        engine.beginHandshake();
        ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> writeWrapped(NOTHING, rawOut);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = engine.unwrap(netIn, scratch);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        if (!readMore(raw)) {
                            throw new EOFException("connection closed by the peer during the TLS handshake");
                        }
                    } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the server closed the TLS connection during the handshake");
                    } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        scratch = ByteBuffer.allocate(scratch.capacity() * 2);
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    if (scratch.position() > 0) {
                        throw new SSLException("application data during the TLS handshake");
                    }
                    recordRoom = engine.getSession().getApplicationBufferSize();
                    return;
                }
            }
        }
    }

    /** The plaintext side of the handshake phase: unwraps what {@code raw} brings. */
    InputStream input(InputStream raw) {
        return new InputStream() {
            private final ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;   // InputStream's contract; readNBytes asks for 0 once it has all it wanted
                }
                while (!app.hasRemaining()) {
                    app.clear();
                    SSLEngineResult r = engine.unwrap(netIn, app);
                    app.flip();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        return -1;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !readMore(raw)) {
                        return -1;
                    }
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                }
                int n = Math.min(len, app.remaining());
                app.get(b, off, n);
                return n;
            }

            @Override
            public int available() {
                return app.remaining();
            }
        };
    }

    /** The plaintext side of the handshake phase: wraps onto {@code raw}. */
    OutputStream output(OutputStream raw) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writeWrapped(ByteBuffer.wrap(b, off, len), raw);
            }
        };
    }

    private void writeWrapped(ByteBuffer src, OutputStream raw) throws IOException {
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            netOut.flip();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS engine closed");
            }
            raw.write(netOut.array(), netOut.position(), netOut.remaining());
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
        } while (src.hasRemaining());
        netOut.position(netOut.limit());
    }

    /** Reads more received bytes into {@link #netIn}; false at the end of the stream. */
    private boolean readMore(InputStream raw) throws IOException {
        if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
            netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn).flip();
        }
        netIn.compact();
        int r = raw.read(netIn.array(), netIn.position(), netIn.remaining());
        if (r < 0) {
            netIn.flip();
            return false;
        }
        netIn.position(netIn.position() + r);
        netIn.flip();
        return true;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---------------------------------------------------------------- non-blocking, after the upgrade

    /**
     * Reads what the channel has and unwraps it into {@code dst} (which must have room for one
     * record: {@link #recordRoom()}). Returns the plaintext bytes produced, 0 when nothing complete
     * arrived, or -1 at the end of the stream (TLS close or socket end). {@code needWrap} is run
     * when the engine must answer (a key update, a close).
     */
    int unwrapInto(SocketChannel ch, ByteBuffer dst, Runnable needWrap) throws IOException {
        int produced = 0;
        boolean readOnce = false;
        while (true) {
            if (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, dst);
                produced += r.bytesProduced();
                switch (r.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> needWrap.run();
                    default -> { }
                }
                switch (r.getStatus()) {
                    case CLOSED -> {
                        return produced > 0 ? produced : -1;
                    }
                    case BUFFER_OVERFLOW -> {
                        return produced;   // the caller makes room and comes back
                    }
                    case OK -> {
                        if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                            continue;
                        }
                    }
                    default -> { }   // BUFFER_UNDERFLOW: a partial record, read more
                }
            }
            if (readOnce && produced > 0) {
                return produced;
            }
            if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
                netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn).flip();
            }
            netIn.compact();
            int r;
            try {
                r = ch.read(netIn);
            } finally {
                netIn.flip();
            }
            readOnce = true;
            if (r < 0) {
                return produced > 0 ? produced : -1;
            }
            if (r == 0) {
                return produced;
            }
        }
    }

    /** Room a destination needs for one record's plaintext. */
    int recordRoom() {
        return recordRoom;
    }

    /**
     * Wraps as much of {@code src} as one record takes, then returns the wrapped bytes to write (in
     * read mode). Called under the writer's lock, only once the previous result was written.
     */
    ByteBuffer wrap(ByteBuffer src) throws SSLException {
        one[0] = src;
        try {
            return wrap(one);
        } finally {
            one[0] = null;
        }
    }

    /** Like {@link #wrap(ByteBuffer)}, taking from {@code srcs} in order: several small frames in one record. */
    ByteBuffer wrap(ByteBuffer[] srcs) throws SSLException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(srcs, netOut);
        netOut.flip();
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && java.util.Arrays.stream(srcs).anyMatch(ByteBuffer::hasRemaining)) {
            throw new SSLException("TLS engine closed");
        }
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return netOut;
    }

    /** Takes the plaintext the handshake phase's {@link #input} read ahead. */
    static byte[] leftover(InputStream input) throws IOException {
        byte[] b = new byte[input.available()];
        int n = 0;
        while (n < b.length) {
            n += input.read(b, n, b.length - n);
        }
        return b;
    }
}
