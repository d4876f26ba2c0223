package dev.tau4j.bench.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

/**
 * The scale harness's floor: the least any WebSocket client must do with the same sockets, measured
 * in the same way as tau4j. Raw non-blocking channels, one selector thread that reads every
 * connection, answers pings and, for each text frame, reads the peer's send time from its
 * {@code event_id} and nothing else (no JSON, no base64 decoding); an append is base64-encoded into
 * a JSON frame, masked and written on the caller's thread. No session, no recovery, no watchdog, no
 * timers, no keepalive, no event objects: what is left is the kernel's share (the wake-ups, reads
 * and writes each ping and each event cost on this machine) plus a few microseconds of framing.
 */
final class FloorClient implements AutoCloseable {

    private static final byte[] APPEND_HEAD = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_ID = "\"event_id\":\"ev_".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector = Selector.open();
    private final List<Conn> conns = new ArrayList<>();
    private final LongConsumer deltaSent;
    private final Thread loop;
    private volatile boolean closed;

    /** Opens {@code n} connections to {@code url}; {@code deltaSent} hears each text frame's send time (epoch micros). */
    FloorClient(String url, int n, LongConsumer deltaSent) throws IOException {
        this.deltaSent = deltaSent;
        URI uri = URI.create(url);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        for (int i = 0; i < n; i++) {
            conns.add(new Conn(address, uri.getRawPath()));
        }
        for (Conn c : conns) {
            c.channel.register(selector, SelectionKey.OP_READ, c);
        }
        loop = Thread.ofPlatform().name("floor-selector").daemon().start(this::run);
    }

    int size() {
        return conns.size();
    }

    /** Sends {@code pcm} as an {@code input_audio_buffer.append} on connection {@code i}. */
    void append(int i, byte[] pcm) throws IOException {
        byte[] b64 = Base64.getEncoder().encode(pcm);
        int n = APPEND_HEAD.length + b64.length + 2;
        byte[] frame = new byte[(n < 126 ? 6 : 8) + n];
        int at = frame.length - n;
        System.arraycopy(APPEND_HEAD, 0, frame, at, APPEND_HEAD.length);
        System.arraycopy(b64, 0, frame, at + APPEND_HEAD.length, b64.length);
        frame[frame.length - 2] = '"';
        frame[frame.length - 1] = '}';
        conns.get(i).send(frame, 1, n);
    }

    /** Sends a small text message (under 126 bytes) on connection {@code i}. */
    void text(int i, String json) throws IOException {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + utf8.length];
        System.arraycopy(utf8, 0, frame, 6, utf8.length);
        conns.get(i).send(frame, 1, utf8.length);
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(key -> {
                    try {
                        ((Conn) key.attachment()).readable();
                    } catch (IOException e) {
                        key.cancel();
                    }
                });
            }
        } catch (IOException e) {
            if (!closed) {
                System.out.println("floor selector failed: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        for (Conn c : conns) {
            c.channel.close();
        }
        selector.close();
    }

    /** One connection: its channel and what it has read. */
    private final class Conn {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        Conn(InetSocketAddress address, String path) throws IOException {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: Bearer sk-floor\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            while (true) {   // the response head, then whatever followed it stays in the buffer
                if (channel.read(in) < 0) {
                    throw new IOException("closed during the upgrade");
                }
                int end = headEnd();
                if (end > 0) {
                    if (!new String(in.array(), 0, 12, StandardCharsets.US_ASCII).contains("101")) {
                        throw new IOException("upgrade refused: " + new String(in.array(), 0, end, StandardCharsets.US_ASCII));
                    }
                    in.flip().position(end);
                    in.compact();
                    break;
                }
            }
            channel.configureBlocking(false);
        }

        private int headEnd() {
            byte[] a = in.array();
            for (int i = 3; i < in.position(); i++) {
                if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** Masks the {@code n}-byte payload at the end of {@code frame} and writes the frame. */
        void send(byte[] frame, int opcode, int n) throws IOException {
            int at = frame.length - n;
            frame[0] = (byte) (0x80 | opcode);
            if (n < 126) {
                frame[1] = (byte) (0x80 | n);
            } else {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (n >> 8);
                frame[3] = (byte) n;
            }
            int mask = ThreadLocalRandom.current().nextInt();
            for (int k = 0; k < 4; k++) {
                frame[at - 4 + k] = (byte) (mask >>> (24 - 8 * k));
            }
            for (int k = 0; k < n; k++) {
                frame[at + k] ^= frame[at - 4 + (k & 3)];
            }
            ByteBuffer out = ByteBuffer.wrap(frame);
            synchronized (this) {
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        Thread.onSpinWait();
                    }
                }
            }
        }

        void readable() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("closed");
            }
            in.flip();
            while (in.remaining() >= 2) {
                int p = in.position();
                int b0 = in.get(p) & 0xFF;
                int len = in.get(p + 1) & 0x7F;
                int head = 2;
                if (len == 126) {
                    if (in.remaining() < 4) {
                        break;
                    }
                    len = ((in.get(p + 2) & 0xFF) << 8) | (in.get(p + 3) & 0xFF);
                    head = 4;
                } else if (len == 127) {
                    throw new IOException("no frame this large in the harness");
                }
                if (in.remaining() < head + len) {
                    if (head + len > in.capacity()) {
                        ByteBuffer bigger = ByteBuffer.allocate(head + len);
                        bigger.put(in);
                        in = bigger;
                        return;
                    }
                    break;
                }
                int opcode = b0 & 0x0F;
                if (opcode == 9) {
                    send(new byte[6], 10, 0);
                } else if (opcode == 1) {
                    sentTime(p + head, len);
                } else if (opcode == 8) {
                    throw new IOException("closed by the peer");
                }
                in.position(p + head + len);
            }
            in.compact();
        }

        /** The send time in a text frame's {@code event_id}, if it has one. */
        private void sentTime(int from, int len) {
            byte[] a = in.array();
            int end = from + len - EVENT_ID.length;
            outer:
            for (int i = from; i < end; i++) {
                for (int k = 0; k < EVENT_ID.length; k++) {
                    if (a[i + k] != EVENT_ID[k]) {
                        continue outer;
                    }
                }
                long micros = 0;
                int j = i + EVENT_ID.length;
                if (a[j] < '0' || a[j] > '9') {
                    return;   // session.created's "ev_c": no time
                }
                while (a[j] >= '0' && a[j] <= '9') {
                    micros = micros * 10 + (a[j++] - '0');
                }
                deltaSent.accept(micros);
                return;
            }
        }
    }
}
