package dev.tau4j.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One RFC 6455 client connection on a non-blocking socket channel. Reading is shared by two
 * threads, one at a time: while the connection is quiet the {@link SelectorLoop} reads it, answers
 * the server's pings and buffers the start of a message; a complete message (or a close, an error,
 * the end of the stream) wakes the connection's own reader thread, which parses and delivers
 * everything that follows until the socket has nothing more, then hands reading back to the loop
 * and parks. The reader is one virtual thread for the connection's whole life. Whoever reads owns
 * the buffer; the hand-over is a volatile write of {@link #state}, plus an unpark to the reader. The
 * selector's interest in reading stays as it is across both hand-overs (see {@link #readArmed}), so
 * a message costs the loop's wake-up and read and the reader's wake-up, and no interest changes: a
 * plain socket that the loop found empty is handed back without another read. Sending is
 * {@link ChannelWriter}'s.
 */
final class WebSocketConnection implements Transport.Connection, SelectorLoop.Ready {

    /** How long a close handshake this side started may wait for the peer's close frame. */
    private static final long CLOSE_WAIT_SECONDS = 5;
    /** The loop reads; the reader is parked. */
    private static final int LOOP = 0;
    /** The reader reads. */
    private static final int READER = 1;
    /** The reader waits inside a large frame; the loop only wakes it when more bytes come. */
    private static final int READER_WAITING = 2;

    private final SocketChannel channel;
    private final Tls tls;
    private final SelectorLoop loop;
    private final Transport.FrameHandler handler;
    private final ChannelWriter writer;
    /** The handler has heard the end (or this side aborted): no further callbacks. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The socket was closed on this side: the reader stops. */
    private volatile boolean closing;
    /** Who reads: {@link #LOOP}, {@link #READER} or {@link #READER_WAITING}. */
    private volatile int state = READER;
    private volatile Thread reader;

    /**
     * Guards {@link #key}, {@link #readArmed} and {@link #wantWrite}, and orders the reader's
     * hand-back against the loop's disarming.
     */
    private final Object interest = new Object();
    private SelectionKey key;
    /**
     * The selector watches the socket for reading. It stays armed while the reader reads, since an
     * unchanged interest costs no system call at either hand-over; the loop disarms it only if the
     * socket becomes readable meanwhile, and the hand-back re-arms it. Written under
     * {@link #interest}; the reader reads it without, as a hint.
     */
    private volatile boolean readArmed;
    private boolean wantWrite;

    /** The bytes read and not yet parsed; owned by whoever reads (see {@link #state}). */
    private final ReadBuffer in;
    /** The end of the stream or a read failure the loop met, for the reader to report; owned like {@link #in}. */
    private IOException readFailure;
    /**
     * The last read of a plain socket did not fill the room it had: the socket was empty then, so
     * the reader hands back without a read that would find nothing (owned like {@link #in}).
     */
    private boolean drained;
    /** This connection's frame mask keys. */
    private final MaskKeys masks = new MaskKeys();

    WebSocketConnection(SocketChannel channel, Tls tls, byte[] leftover, Transport.FrameHandler handler,
            int maxMessageBytes) {
        this.channel = channel;
        this.tls = tls;
        this.loop = SelectorLoop.shared();
        this.handler = handler;
        this.writer = new ChannelWriter(channel, tls, this::writeInterest, this::closeSocket);
        this.in = new ReadBuffer(leftover, maxMessageBytes);
    }

    // ---------------------------------------------------------------- sending

    @Override
    public CompletableFuture<Void> sendText(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        return writer.send(Frames.frame(Frames.TEXT, utf8, 0, utf8.length, masks), false, false);
    }

    @Override
    public CompletableFuture<Void> sendText(Transport.Payload message) {
        return writer.send(message, masks);
    }

    @Override
    public void sendPing() {
        writer.send(Frames.frame(Frames.PING, new byte[0], 0, 0, masks), false, false);
    }

    @Override
    public void close(int code, String reason) {
        byte[] payload = Frames.closePayload(code, reason);
        writer.send(Frames.frame(Frames.CLOSE, payload, 0, payload.length, masks), false, true);
        CompletableFuture.delayedExecutor(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (!ended.get()) {
                closeSocket();
            }
        });
    }

    @Override
    public void abort() {
        ended.set(true);
        closeSocket();
    }

    // ---------------------------------------------------------------- the reader

    /** Reads and delivers frames until the connection ends; then tells the handler how, once. Runs on the reader thread. */
    void read() {
        reader = Thread.currentThread();
        try {
            while (true) {
                int step = FrameParser.parse(this);
                if (step < 0) {
                    return;   // the peer's close frame was handled
                }
                if (step > 0) {
                    continue;
                }
                int n;
                if (drained && readArmed) {
                    drained = false;
                    n = 0;   // anything that comes from now on wakes the armed selector
                } else {
                    n = fill();
                }
                if (n < 0) {
                    throw new EOFException("connection closed by the peer");
                }
                if (n == 0 && !parkUntilReadable()) {
                    if (!ended.get() && ended.compareAndSet(false, true)) {
                        handler.onError(new IOException("socket closed"));
                    }
                    return;
                }
            }
        } catch (FrameParser.Failure f) {
            writer.dropQueued(new IOException("WebSocket closed: " + f.getMessage()));   // the close frame goes out next, alone
            byte[] payload = Frames.closePayload(f.code, f.getMessage());
            writer.send(Frames.frame(Frames.CLOSE, payload, 0, payload.length, masks), true, true);
            end(f.code, f.getMessage());
        } catch (OutOfMemoryError e) {
            end(1009, "out of memory while reading a message");
        } catch (IOException | RuntimeException e) {
            if (ended.compareAndSet(false, true)) {
                handler.onError(e);
            }
        } finally {
            writer.finish(Duration.ofSeconds(1));
            closeSocket();
        }
    }

    /**
     * Hands reading to the loop and parks until it hands it back. Returns false when the socket was
     * closed on this side meanwhile (or this side aborted).
     */
    private boolean parkUntilReadable() {
        synchronized (interest) {
            state = in.inLargeFrame() ? READER_WAITING : LOOP;
            if (key == null) {
                loop.execute(this::register);
            } else if (!readArmed) {
                readArmed = true;
                updateInterest();
            }
        }
        while (state != READER) {
            if (closing || ended.get()) {
                return false;
            }
            LockSupport.park(this);
        }
        return !closing;
    }

    private void register() {
        synchronized (interest) {
            try {
                key = channel.register(loop.selector(), 0, this);
                readArmed = true;
                updateInterest();
            } catch (ClosedChannelException | RuntimeException e) {
                closing = true;
                LockSupport.unpark(reader);
            }
        }
    }

    /** Sets the selector's interest from who reads and whether bytes wait to be written; under {@link #interest}. */
    private void updateInterest() {
        if (key == null) {
            return;
        }
        int ops = (readArmed ? SelectionKey.OP_READ : 0) | (wantWrite ? SelectionKey.OP_WRITE : 0);
        try {
            int before = key.interestOps();
            if (before != ops) {
                key.interestOps(ops);
                if ((ops & ~before) != 0) {
                    loop.wakeup();
                }
            }
        } catch (CancelledKeyException e) {
            // the channel was closed: nothing to watch
        }
    }

    private void writeInterest(boolean on) {
        synchronized (interest) {
            wantWrite = on;
            updateInterest();
        }
    }

    // ---------------------------------------------------------------- the loop's side

    @Override
    public void ready(SelectionKey k) {
        if (k.isValid() && k.isWritable()) {
            writer.writable();
        }
        if (!k.isValid() || !k.isReadable()) {
            return;
        }
        int s = state;
        if (s == READER) {
            synchronized (interest) {
                if (state == READER) {
                    readArmed = false;   // the reader reads what came; the hand-back re-arms
                    updateInterest();
                    return;
                }
                s = state;   // handed back just now
            }
        }
        if (s == READER_WAITING) {
            toReader();
            return;
        }
        int n;
        try {
            n = fill();
        } catch (IOException e) {
            readFailure = e;
            toReader();
            return;
        }
        if (n < 0) {
            readFailure = new EOFException("connection closed by the peer");
            toReader();
            return;
        }
        if (!FrameParser.pingsOnly(this)) {
            toReader();
        }
    }

    @Override
    public void loopFailed(Throwable e) {
        if (state == LOOP) {
            readFailure = new IOException("selector failed: " + e, e);
            toReader();
        }
    }

    /** Gives reading to the reader thread; on the loop. */
    private void toReader() {
        state = READER;
        LockSupport.unpark(reader);
    }

    // ---------------------------------------------------------------- the buffer (whoever reads)

    /** Reads what the socket has into the buffer: the bytes read, 0 when none waited, -1 at the end. */
    private int fill() throws IOException {
        if (readFailure != null) {
            IOException e = readFailure;
            readFailure = null;
            throw e;
        }
        drained = false;
        ByteBuffer room = in.room(tls != null ? tls.recordRoom() : 1);
        int space = room.remaining();
        int r = tls == null ? channel.read(room) : tls.unwrapInto(channel, room, writer::tlsAnswer);
        if (r > 0) {
            in.filled(r);
        }
        drained = tls == null && r >= 0 && r < space;   // TLS may hold a record the socket no longer signals
        return r;
    }

    /** The buffer, for {@link FrameParser}; owned by whoever reads. */
    ReadBuffer in() {
        return in;
    }

    Transport.FrameHandler handler() {
        return handler;
    }

    void pong(byte[] data, int offset, int n) {
        writer.pong(Frames.frame(Frames.PONG, data, offset, n, masks));
    }

    /** The peer's close frame: answers it (unless this side closed first) and reports the peer's code. */
    void closeReceived(int code, String reason) {
        byte[] echo = Frames.closePayload(code == 1005 ? 1000 : code, "");
        writer.send(Frames.frame(Frames.CLOSE, echo, 0, echo.length, masks), false, true);
        end(code, reason);
    }

    private void end(int code, String reason) {
        if (ended.compareAndSet(false, true)) {
            handler.onClosed(code, reason);
        }
    }

    private void closeSocket() {
        closing = true;
        writer.closeNotify();
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
        loop.wakeup();   // the selector drops the key, and the descriptor is closed, at its next select
        Thread r = reader;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }
}
