package dev.tau4j;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted WebSocket server on 127.0.0.1 over raw sockets (RFC 6455: handshake, text frames,
 * close), for tests that need a peer which does what no real server would: a process squatting on
 * the debug port, a model server sending mutated frames or echoing keys. Each connection runs
 * {@link Script#run} on its own virtual thread.
 */
public final class LoopbackWebSocket implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    public interface Script {
        void run(Connection c) throws Exception;
    }

    private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: *(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final String END = new String("end of stream");

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    /** Failures of scripts (other than the peer going away), for the test to check. */
    public final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private LoopbackWebSocket(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread.ofVirtual().name("loopback-ws-accept").start(this::acceptLoop);
    }

    public static LoopbackWebSocket start(Script script) throws IOException {
        return new LoopbackWebSocket(script);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Connection c = new Connection(s);
                connections.add(c);
                Thread.ofVirtual().name("loopback-ws-script").start(() -> {
                    try {
                        c.handshake();
                        Thread.ofVirtual().name("loopback-ws-reader").start(c::readLoop);
                        script.run(c);
                    } catch (Exception e) {
                        if (!c.closed) {
                            failures.add(e);
                        }
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : connections) {
            c.abort();
        }
    }

    /** One accepted connection. */
    public static final class Connection {
        private final Socket socket;
        private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        /** Every text message received, in order. */
        public final List<String> received = new CopyOnWriteArrayList<>();
        /** Pings the client sent (each was answered with a pong). */
        public final java.util.concurrent.atomic.AtomicInteger pingsReceived = new java.util.concurrent.atomic.AtomicInteger();
        /** Completed when the third ping arrived (the keepalive test waits for it). */
        public final java.util.concurrent.CompletableFuture<Void> thirdPing = new java.util.concurrent.CompletableFuture<>();
        private volatile String head = "";
        private volatile boolean closed;
        /** Set by {@link #stopReading}: the reader stops taking bytes off the socket, so the peer's sends back up. */
        private final CountDownLatch stalled = new CountDownLatch(1);
        private volatile boolean stopReading;

        Connection(Socket socket) {
            this.socket = socket;
        }

        /** The client's HTTP upgrade request (request line and headers). */
        public String requestHead() {
            return head;
        }

        void handshake() throws Exception {
            head = readHead(socket.getInputStream());
            Matcher key = KEY.matcher(head);
            if (!key.find()) {
                throw new IOException("no Sec-WebSocket-Key in " + head);
            }
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII));
            write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }

        /** The next text message, or null when none came within {@code timeout} or the peer closed. */
        public String receive(Duration timeout) throws InterruptedException {
            String m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == END) {
                inbox.add(END);
                return null;
            }
            return m;
        }

        /** Sends one text message. */
        public void send(String text) throws IOException {
            frame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends a ping (the server's own keepalive). */
        public void ping() throws IOException {
            frame(0x9, new byte[0]);
        }

        /** Sends a close frame with {@code code}. */
        public void close(int code) throws IOException {
            frame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
        }

        /** From the next message on, reads nothing more until the connection is closed by the test. */
        public void stopReading() {
            stopReading = true;
        }

        public boolean isClosed() {
            return closed;
        }

        void abort() {
            closed = true;
            stalled.countDown();
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        private synchronized void frame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 10);
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length);
            } else {
                out.write(127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) ((long) payload.length >> (8 * i)));
                }
            }
            out.write(payload);
            write(out.toByteArray());
        }

        private synchronized void write(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        void readLoop() {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    long length = b1 & 0x7F;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        in.readFully(mask);
                    }
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                    int opcode = b0 & 0x0F;
                    if (opcode == 0x8) {
                        if (!closed) {
                            frame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        }
                        break;
                    } else if (opcode == 0x9) {
                        if (pingsReceived.incrementAndGet() == 3) {
                            thirdPing.complete(null);
                        }
                        frame(0xA, payload);
                    } else if (opcode == 0x1 || opcode == 0x0) {
                        message.write(payload);
                        if ((b0 & 0x80) != 0) {
                            String text = message.toString(StandardCharsets.UTF_8);
                            message.reset();
                            received.add(text);
                            inbox.add(text);
                        }
                    }
                    if (stopReading) {
                        stalled.await();
                    }
                }
            } catch (IOException e) {
                // the peer went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inbox.add(END);
                abort();
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
