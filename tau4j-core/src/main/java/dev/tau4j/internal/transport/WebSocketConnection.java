package dev.tau4j.internal.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One RFC 6455 client connection on a socket. One reader thread reads, parses and delivers every
 * frame for the connection's whole life ({@link #read()}); one writer thread at a time writes the queued
 * frames, coalescing small ones into one write. The writer starts when a frame is queued to an idle
 * connection and ends as soon as the queue is empty: a virtual thread's start costs less than parking
 * and waking a lingering one (a timed park schedules and cancels a timer each time), and an idle
 * connection holds no writer (nor its stack). Senders frame and mask on their own thread.
 */
final class WebSocketConnection implements Transport.Connection {

    /** How long a close handshake this side started may wait for the peer's close frame. */
    private static final long CLOSE_WAIT_SECONDS = 5;
    private final Socket socket;
    private final SocketInput input;
    private final OutputStream out;
    private final Transport.FrameHandler handler;
    private final int maxMessageBytes;
    private final FrameWriter writer;
    /** The handler has heard the end (or this side aborted): no further callbacks. */
    private final AtomicBoolean ended = new AtomicBoolean();

    /** The fragmented message being joined: its opcode or -1, and its bytes so far. Reader-confined. */
    private int messageOpcode = -1;
    private byte[] message;
    private int messageLength;

    WebSocketConnection(Socket socket, SocketInput input, OutputStream out, Transport.FrameHandler handler,
            int maxMessageBytes) {
        this.socket = socket;
        this.input = input;
        this.out = out;
        this.handler = handler;
        this.maxMessageBytes = maxMessageBytes;
        this.writer = new FrameWriter(out, this::closeSocket);
    }

    // ---------------------------------------------------------------- sending

    @Override
    public CompletableFuture<Void> sendText(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        return writer.enqueue(Frames.frame(Frames.TEXT, utf8, 0, utf8.length), false, false);
    }

    @Override
    public CompletableFuture<Void> sendText(Transport.Payload message) {
        int n = message.length();
        byte[] frame = new byte[Frames.headerSize(n) + n];
        message.writeTo(frame, Frames.headerSize(n));
        Frames.seal(Frames.TEXT, frame, n);
        return writer.enqueue(frame, false, false);
    }

    @Override
    public void sendPing() {
        writer.enqueue(Frames.frame(Frames.PING, new byte[0], 0, 0), false, false);
    }

    @Override
    public void close(int code, String reason) {
        byte[] payload = Frames.closePayload(code, reason);
        writer.enqueue(Frames.frame(Frames.CLOSE, payload, 0, payload.length), false, true);
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

    // ---------------------------------------------------------------- reading

    /** Reads and delivers frames until the connection ends; then tells the handler how, once. */
    void read() {
        try {
            while (readFrame()) {
                // one frame per turn
            }
        } catch (Failure f) {
            writer.dropQueued(new IOException("WebSocket closed: " + f.getMessage()));   // the close frame goes out next, alone
            byte[] payload = Frames.closePayload(f.code, f.getMessage());
            writer.enqueue(Frames.frame(Frames.CLOSE, payload, 0, payload.length), true, true);
            end(f.code, f.getMessage());
        } catch (OutOfMemoryError e) {
            end(1009, "out of memory while reading a message");
        } catch (IOException | RuntimeException e) {
            if (ended.compareAndSet(false, true)) {
                handler.onError(e);
            }
        } finally {
            writer.stop();
            closeSocket();
        }
    }

    private boolean readFrame() throws IOException {
        SocketInput in = input;
        in.ensure(2);
        int b0 = in.buf[in.pos] & 0xFF;
        int b1 = in.buf[in.pos + 1] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw new Failure(1002, "frame with reserved bits set (no extension was negotiated)");
        }
        if ((b1 & 0x80) != 0) {
            throw new Failure(1002, "the server masked a frame");
        }
        long length = b1 & 0x7F;
        int header = 2;
        if (length == 126) {
            in.ensure(4);
            length = ((in.buf[in.pos + 2] & 0xFF) << 8) | (in.buf[in.pos + 3] & 0xFF);
            header = 4;
        } else if (length == 127) {
            in.ensure(10);
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (in.buf[in.pos + i] & 0xFF);
            }
            if (length < 0) {
                throw new Failure(1002, "frame length has its top bit set");
            }
            header = 10;
        }
        if (opcode >= 8) {
            if (!fin || length > 125) {
                throw new Failure(1002, "control frame fragmented or longer than 125 bytes");
            }
        } else if (opcode == Frames.CONTINUATION ? messageOpcode < 0 : messageOpcode >= 0) {
            throw new Failure(1002, opcode == Frames.CONTINUATION ? "continuation frame outside a message"
                    : "new message inside a fragmented one");
        } else if (opcode != Frames.CONTINUATION && opcode != Frames.TEXT && opcode != Frames.BINARY) {
            throw new Failure(1002, "unknown opcode " + opcode);
        }
        long total = opcode == Frames.CONTINUATION ? messageLength + length : length;
        if (opcode < 8 && total > maxMessageBytes) {
            throw new Failure(1009, "message of " + total + " bytes or more exceeds the limit of "
                    + maxMessageBytes + " bytes");
        }
        in.pos += header;
        int n = (int) length;
        byte[] data;
        int offset;
        if (n <= SocketInput.IN_PLACE) {
            in.ensure(n);
            data = in.buf;
            offset = in.pos;
            in.pos += n;
        } else {
            data = new byte[n];
            offset = 0;
            in.readFully(data, 0, n);
        }
        switch (opcode) {
            case Frames.TEXT, Frames.BINARY -> {
                if (fin) {
                    deliver(opcode, data, offset, n);
                } else {
                    messageOpcode = opcode;
                    messageLength = 0;
                    append(data, offset, n);
                }
            }
            case Frames.CONTINUATION -> {
                append(data, offset, n);
                if (fin) {
                    int whole = messageOpcode;
                    messageOpcode = -1;
                    deliver(whole, message, 0, messageLength);
                    if (message.length > SocketInput.IN_PLACE) {
                        message = null;
                    }
                }
            }
            case Frames.PING -> {
                writer.pong(Frames.frame(Frames.PONG, data, offset, n));
                handler.onPing();
            }
            case Frames.PONG -> handler.onPong();
            default -> {
                return closeReceived(data, offset, n);
            }
        }
        return true;
    }

    private void append(byte[] data, int offset, int n) {
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

    private void deliver(int opcode, byte[] data, int offset, int n) {
        if (opcode == Frames.BINARY) {
            handler.onBinary(data, offset, n);
            return;
        }
        if (!Frames.isUtf8(data, offset, n)) {
            throw new Failure(1007, "text message is not valid UTF-8");
        }
        handler.onText(data, offset, n);
    }

    /** The peer's close frame: answer it (unless this side closed first) and report the peer's code. */
    private boolean closeReceived(byte[] data, int offset, int n) {
        int code = 1005;
        String reason = "";
        if (n == 1) {
            throw new Failure(1002, "close frame with a 1-byte payload");
        }
        if (n >= 2) {
            code = ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
            if (!validCloseCode(code)) {
                throw new Failure(1002, "invalid close code " + code);
            }
            if (!Frames.isUtf8(data, offset + 2, n - 2)) {
                throw new Failure(1007, "close reason is not valid UTF-8");
            }
            reason = new String(data, offset + 2, n - 2, StandardCharsets.UTF_8);
        }
        byte[] echo = Frames.closePayload(code == 1005 ? 1000 : code, "");
        writer.enqueue(Frames.frame(Frames.CLOSE, echo, 0, echo.length), false, true);
        end(code, reason);
        return false;
    }

    private static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006)
                || (code >= 3000 && code <= 4999);
    }

    private void end(int code, String reason) {
        if (ended.compareAndSet(false, true)) {
            handler.onClosed(code, reason);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** A protocol violation by the peer: this side closes with {@code code}. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
