package dev.tau4j.bench.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket client connection of the load harness, as light as a client can be: a
 * non-blocking channel read by one selector thread for all connections, frames written straight
 * to the socket by the caller (masked with one fixed key, so a prepared frame is sent as is), and
 * whole text messages handed over as bytes. Only what the harness needs of RFC 6455: no
 * extensions, no TLS, no close handshake (a close frame ends the connection).
 */
final class LoadSocket {
    /** The mask key of every frame sent; any key is valid, and a fixed one lets frames be prepared once. */
    private static final byte[] MASK = {0x37, 0x5a, 0x11, (byte) 0xc3};
    /** Bytes a connection may have waiting for the socket: about 5 s of 20 ms appends. */
    private static final int MAX_PENDING_BYTES = 250 * 1400;

    /** What the connection delivers, on the selector thread. */
    interface Handler {
        /** A whole text message: {@code length} bytes of {@code buf} from {@code offset}, valid during the call. */
        void onText(LoadSocket socket, byte[] buf, int offset, int length);

        /** The connection ended (closed, failed, or too far behind on its writes). */
        void onEnd(LoadSocket socket, String why);
    }

    private final SocketChannel channel;
    private final Handler handler;
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    /** Fragments of a message in progress; null between messages. */
    private ByteArrayOutputStream fragments;
    /** Frames not yet taken by the socket, oldest first; guarded by this. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private int pendingBytes;
    private SelectionKey key;
    private volatile boolean ended;

    private LoadSocket(SocketChannel channel, Handler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    /** Connects and upgrades (blocking); the channel is then non-blocking, to be {@link #register}ed. */
    static LoadSocket open(URI url, Handler handler) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + url.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        LoadSocket s = new LoadSocket(ch, handler);
        // Read the response head; what follows it (the first event) stays in the buffer.
        while (true) {
            if (ch.read(s.in) < 0) {
                throw new IOException("connection closed during the handshake");
            }
            String head = new String(s.in.array(), 0, s.in.position(), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
                }
                s.in.flip().position(end + 4);
                s.in.compact();
                break;
            }
        }
        ch.configureBlocking(false);
        return s;
    }

    /** Registers the channel for reading with {@code selector}, before its thread selects. */
    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    boolean ended() {
        return ended;
    }

    /** A masked client text frame of {@code payload}, ready for {@link #send(byte[])} any number of times. */
    static byte[] textFrame(byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[header + 4 + n];
        f[0] = (byte) 0x81;
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >> 8);
            f[3] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >> (56 - 8 * i));
            }
        }
        System.arraycopy(MASK, 0, f, header, 4);
        for (int i = 0; i < n; i++) {
            f[header + 4 + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return f;
    }

    /** Writes a prepared frame now, or queues it behind those the socket has not taken; any thread. */
    synchronized void send(byte[] frame) {
        if (ended) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(frame);
            if (pending.isEmpty()) {
                channel.write(b);
                if (!b.hasRemaining()) {
                    return;
                }
            }
            pending.add(b);
            pendingBytes += b.remaining();
            if (pendingBytes > MAX_PENDING_BYTES) {
                end("more than " + MAX_PENDING_BYTES + " bytes waiting for the socket");
                return;
            }
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            key.selector().wakeup();
        } catch (IOException e) {
            end("write failed: " + e);
        }
    }

    /** The selector says the socket takes more: writes what waits. */
    synchronized void writable() {
        try {
            while (!pending.isEmpty()) {
                ByteBuffer b = pending.peek();
                int before = b.remaining();
                channel.write(b);
                pendingBytes -= before - b.remaining();
                if (b.hasRemaining()) {
                    return;
                }
                pending.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            end("write failed: " + e);
        }
    }

    /** The selector says there is something to read: reads and delivers every whole message. */
    void readable() {
        try {
            if (channel.read(in) < 0) {
                end("closed by the server");
                return;
            }
            parse();
        } catch (IOException e) {
            end("read failed: " + e);
        }
    }

    /** Parses the whole frames in {@link #in} (write mode before and after). */
    void parse() {
        in.flip();
        byte[] a = in.array();
        while (!ended && in.remaining() >= 2) {
            int p = in.position();
            int b0 = a[p] & 0xff;
            int len = a[p + 1] & 0x7f;
            int header = 2;
            if (len == 126) {
                header = 4;
                if (in.remaining() < header) {
                    break;
                }
                len = (a[p + 2] & 0xff) << 8 | a[p + 3] & 0xff;
            } else if (len == 127) {
                header = 10;
                if (in.remaining() < header) {
                    break;
                }
                long l = 0;
                for (int i = 0; i < 8; i++) {
                    l = l << 8 | a[p + 2 + i] & 0xff;
                }
                if (l > 64L * 1024 * 1024) {
                    end("frame of " + l + " bytes");
                    return;
                }
                len = (int) l;
            }
            if (in.remaining() < header + len) {
                if (header + len > in.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate(header + len + 1024);
                    bigger.put(in);
                    in = bigger;
                    return;
                }
                break;
            }
            frame(b0, a, p + header, len);
            in.position(p + header + len);
        }
        in.compact();
    }

    private void frame(int b0, byte[] a, int offset, int len) {
        boolean fin = (b0 & 0x80) != 0;
        switch (b0 & 0x0f) {
            case 0x1, 0x0 -> {
                if (fin && fragments == null) {
                    handler.onText(this, a, offset, len);
                    return;
                }
                if (fragments == null) {
                    fragments = new ByteArrayOutputStream();
                }
                fragments.write(a, offset, len);
                if (fin) {
                    byte[] whole = fragments.toByteArray();
                    fragments = null;
                    handler.onText(this, whole, 0, whole.length);
                }
            }
            case 0x9 -> {
                byte[] pong = new byte[2 + 4 + len];
                pong[0] = (byte) 0x8a;
                pong[1] = (byte) (0x80 | len);
                System.arraycopy(MASK, 0, pong, 2, 4);
                for (int i = 0; i < len; i++) {
                    pong[6 + i] = (byte) (a[offset + i] ^ MASK[i & 3]);
                }
                send(pong);
            }
            case 0x8 -> end("close frame " + (len >= 2 ? ((a[offset] & 0xff) << 8 | a[offset + 1] & 0xff) : 1005)
                    + (len > 2 ? " " + new String(a, offset + 2, len - 2, StandardCharsets.UTF_8) : ""));
            default -> { }
        }
    }

    /** Ends the connection once: the handler hears why. */
    void end(String why) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        handler.onEnd(this, why);
    }
}
