package dev.tau4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two situations the selector thread exists for, against a raw socket on loopback playing the
 * server: a quiet connection's pings are answered by the JVM's selector thread (the connection's
 * reader stays parked), and what the socket cannot take at once waits and goes out, in order, when
 * the peer reads again (plain and TLS).
 */
@Timeout(60)
class QuietAndFullSocketTest {

    private final ServerSocket server = RawPeer.listen();
    @TempDir
    Path dir;
    private TestCertificate certificate;

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void aQuietConnectionsPingsAreAnsweredByTheSelectorThreadAndMessagesByTheReader() throws Exception {
        Set<String> pingThreads = ConcurrentHashMap.newKeySet();
        Recorder r = new Recorder() {
            @Override
            public void onPing() {
                pingThreads.add(Thread.currentThread().getName());
                super.onPing();
            }
        };
        CompletableFuture<List<String>> pongs = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                upgrade(in, out);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    serverFrame(out, 0x89, "ping " + i);
                    byte[][] frame = readFrame(in);   // the pong, before the next ping
                    assertThat(frame[0][0] & 0x0F).isEqualTo(0xA);
                    got.add(new String(frame[1], StandardCharsets.US_ASCII));
                }
                out.write(new byte[] {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'});
                out.flush();
                pongs.complete(got);
                in.transferTo(OutputStream.nullOutputStream());
            } catch (Throwable e) {
                pongs.completeExceptionally(e);
            }
        });
        Transport.Connection c = connect(r);
        assertThat(pongs.get(20, TimeUnit.SECONDS)).hasSize(20).first().isEqualTo("ping 0");
        assertThat(r.next()).isEqualTo("hello");
        assertThat(r.pings).hasValue(20);
        assertThat(pingThreads).as("pings answered while the reader is parked").contains("tau4j-ws-selector");
        assertThat(r.threads).as("the message came on the connection's reader").hasSize(1)
                .allSatisfy(t -> assertThat(t.getName()).isEqualTo("tau4j-ws-reader"));
        c.abort();
    }

    @Test
    void messagesThatComeWhileTheReaderIsBusyWaitForItWithoutTheSelectorSpinning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> busy = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean quiet = new java.util.concurrent.atomic.AtomicBoolean();
        Recorder r = new Recorder() {
            @Override
            public void onPing() {
                if (Thread.currentThread().getName().equals("tau4j-ws-selector")) {
                    quiet.set(true);   // the loop reads the connection: its reader is parked
                }
                super.onPing();
            }

            @Override
            public void onText(byte[] buf, int offset, int length) {
                super.onText(buf, offset, length);
                if (busy.complete(null)) {   // the first message: a slow listener
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        CompletableFuture<Long> sent = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                upgrade(in, out);
                try (Socket other = server.accept()) {
                    DataInputStream otherIn = new DataInputStream(other.getInputStream());
                    OutputStream otherOut = other.getOutputStream();
                    upgrade(otherIn, otherOut);
                    for (int i = 0; i < 200 && !quiet.get(); i++) {   // until the selector answers a ping
                        out.write(new byte[] {(byte) 0x89, 0});
                        out.flush();
                        assertThat(readFrame(in)[0][0] & 0x0F).isEqualTo(0xA);
                    }
                    assertThat(quiet).as("the connection went quiet").isTrue();
                    for (int i = 0; i < 51; i++) {
                        serverFrame(out, 0x81, "m" + i);
                        if (i == 0) {
                            busy.get(10, TimeUnit.SECONDS);   // the rest comes while the reader is in the listener
                        }
                    }
                    // While the reader is busy, 100 ping round trips on another connection: a selector that
                    // still watched the bytes the busy reader owns would spin through them (level-triggered).
                    long rounds0 = SelectorLoop.shared().rounds();
                    for (int i = 0; i < 100; i++) {
                        serverFrame(otherOut, 0x89, "p" + i);
                        assertThat(readFrame(otherIn)[1]).isEqualTo(("p" + i).getBytes(StandardCharsets.US_ASCII));
                    }
                    sent.complete(SelectorLoop.shared().rounds() - rounds0);
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (Throwable e) {
                sent.completeExceptionally(e);
            }
        });
        Transport.Connection c = connect(r);
        Transport.Connection other = connect(new Recorder());
        long rounds = sent.get(20, TimeUnit.SECONDS);
        release.countDown();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            got.add(r.next());
        }
        assertThat(got).as("every message, in order, once the listener returns")
                .isEqualTo(java.util.stream.IntStream.range(0, 51).mapToObj(i -> "m" + i).toList());
        assertThat(rounds).as("the selector's wake-ups during 100 pings on another connection, the reader busy")
                .isLessThan(1000);
        c.abort();
        other.abort();
    }

    @Test
    void aCloseThePeerNeverAnswersEndsTheConnectionWithinTheCloseWaitAndAnAbortEndsItSilently() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                upgrade(in, s.getOutputStream());
                Socket t = server.accept();
                DataInputStream in2 = new DataInputStream(t.getInputStream());
                upgrade(in2, t.getOutputStream());
                byte[][] close = readFrame(in);   // the close frame, never answered
                int code = ((close[1][0] & 0xFF) << 8) | (close[1][1] & 0xFF);
                int eof = in.read();               // the client gives up and closes the socket
                int eof2 = in2.read();             // the aborted one closes at once
                t.close();
                seen.complete("close " + code + ", then " + eof + "; aborted: " + eof2);
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        });
        Recorder closing = new Recorder();
        Transport.Connection c = connect(closing);
        Recorder aborted = new Recorder();
        Transport.Connection a = connect(aborted);
        long t0 = System.nanoTime();
        c.close(1000, "bye");
        a.abort();
        assertThat(seen.get(15, TimeUnit.SECONDS)).isEqualTo("close 1000, then -1; aborted: -1");
        assertThat(closing.ended).failsWithin(Duration.ofSeconds(10));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("the close wait is 5 s").isBetween(4L, 12L);
        assertThat(aborted.ended).as("an abort tells the handler nothing").isNotDone();
        assertThat(aborted.texts).isEmpty();
    }

    /**
     * Large strings; payloads small enough to be framed in the writer's reused buffer (the one the
     * socket takes only in part waits in that buffer, which the next payloads must not overwrite);
     * and small strings between large ones, which wait together and go out in one gathering write
     * or share a TLS record.
     */
    @ParameterizedTest(name = "tls={0}, kind={1}")
    @CsvSource({"false,large", "true,large", "false,payloads", "true,payloads", "false,mixed", "true,mixed"})
    void whatAFullSocketCannotTakeWaitsAndGoesOutInOrderOnceThePeerReads(boolean tls, String kind) throws Exception {
        ServerSocket listener = tls ? tlsListener() : server;
        boolean payloads = kind.equals("payloads");
        int messages = switch (kind) {
            case "large" -> 32;
            case "payloads" -> 512;
            default -> 1024;
        };
        java.util.function.IntUnaryOperator size = switch (kind) {
            case "large" -> i -> 1 << 20;
            case "payloads" -> i -> 60_000;
            default -> i -> i % 16 == 0 ? 400_000 : 200 + i * 37 % 1800;   // 26 MB in large ones, 1 MB in small
        };
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        CompletableFuture<Void> startReading = new CompletableFuture<>();
        CompletableFuture<List<String>> received = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = listener.accept()) {
                s.setReceiveBufferSize(64 * 1024);
                DataInputStream in = new DataInputStream(s.getInputStream());
                upgrade(in, s.getOutputStream());
                upgraded.complete(null);
                startReading.get(30, TimeUnit.SECONDS);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    byte[][] frame = readFrame(in);
                    assertThat(frame[0][0] & 0xFF).isEqualTo(0x81);
                    assertThat(frame[1]).hasSize(size.applyAsInt(i));
                    got.add(new String(frame[1], 0, 16, StandardCharsets.US_ASCII) + " " + checksum(frame[1]));
                }
                received.complete(got);
                in.transferTo(OutputStream.nullOutputStream());
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        Transport.Connection c = tls
                ? connect(new WebSocketTransport(Proxy.NO_PROXY, 1 << 20, certificate.trustingContext()),
                        URI.create("wss://localhost:" + listener.getLocalPort() + "/v1/realtime"), new Recorder())
                : connect(new Recorder());
        upgraded.get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            String m = message(i, size.applyAsInt(i));
            expected.add(m.substring(0, 16) + " " + checksum(m.getBytes(StandardCharsets.US_ASCII)));
            sent.add(payloads ? c.sendText(payload(m)) : c.sendText(m));
        }
        long queuedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(sent.getLast()).as("27–32 MB cannot all fit in the socket while the peer does not read").isNotDone();
        assertThat(queuedMillis).as("sending never waits for the peer").isLessThan(10_000);
        startReading.complete(null);
        assertThat(received.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        c.abort();
        listener.close();
    }

    private ServerSocket tlsListener() throws Exception {
        certificate = TestCertificate.generate(dir);
        SSLServerSocket s = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        return s;
    }

    private Transport.Connection connect(Recorder r) throws Exception {
        URI url = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1/realtime");
        return connect(new WebSocketTransport(Proxy.NO_PROXY, 1 << 20, null), url, r);
    }

    private static Transport.Connection connect(WebSocketTransport t, URI url, Recorder r) throws Exception {
        return t.connect(url, Map.of(), Duration.ofSeconds(10), r).get(15, TimeUnit.SECONDS);
    }

    /** {@code m} as a payload that writes its bytes when asked, as the codec's fast path does. */
    private static Transport.Payload payload(String m) {
        byte[] bytes = m.getBytes(StandardCharsets.US_ASCII);
        return new Transport.Payload() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public void writeTo(byte[] dst, int offset) {
                System.arraycopy(bytes, 0, dst, offset, bytes.length);
            }
        };
    }

    private static String message(int i, int size) {
        StringBuilder sb = new StringBuilder(size);
        sb.append(String.format("message %08d", i));
        while (sb.length() < size) {
            sb.append((char) ('a' + (sb.length() * 31 + i) % 26));
        }
        return sb.toString();
    }

    private static long checksum(byte[] b) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b);
        return crc.getValue();
    }

    private static void upgrade(InputStream in, OutputStream out) throws Exception {
        String accept = RawPeer.accept(RawPeer.readHead(in));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Writes a small unmasked server frame: {@code b0} (FIN and opcode) and an ASCII payload under 126 bytes. */
    private static void serverFrame(OutputStream out, int b0, String payload) throws IOException {
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        out.write(b0);
        out.write(p.length);
        out.write(p);
        out.flush();
    }

    /** One client frame: {header byte 0}, unmasked payload. */
    private static byte[][] readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("client frames are masked").isEqualTo(0x80);
        long n = b1 & 0x7F;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) n);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new byte[][] {{(byte) b0}, payload};
    }
}
