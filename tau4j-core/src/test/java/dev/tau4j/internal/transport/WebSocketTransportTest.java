package dev.tau4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.tau4j.HandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a misbehaving peer gets: a raw socket on loopback plays the server byte by byte. */
@Timeout(30)
class WebSocketTransportTest {

    private final ServerSocket server = RawPeer.listen();
    private final CompletableFuture<byte[]> clientBytes = new CompletableFuture<>();

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private URI url() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1/realtime?model=m");
    }

    /** Accepts one connection, answers the upgrade (with the right accept key or a wrong one), then writes {@code frames}. */
    private void serve(String status, boolean rightAccept, byte[] frames) {
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                String accept = RawPeer.accept(RawPeer.readHead(in));
                OutputStream out = s.getOutputStream();
                out.write((status + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + (rightAccept ? accept : "bm90IHRoZSBrZXk=") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(frames);
                out.flush();
                clientBytes.complete(in.readNBytes(8));
                in.transferTo(OutputStream.nullOutputStream());
            } catch (Exception e) {
                clientBytes.completeExceptionally(e);
            }
        });
    }

    private CompletableFuture<Transport.Connection> connect(Recorder r, Duration timeout) {
        return new WebSocketTransport(Proxy.NO_PROXY, 1 << 20, null).connect(url(), Map.of(), timeout, r);
    }

    /** The close code in the first client frame (a masked close frame). */
    private int clientCloseCode() throws Exception {
        byte[] head = clientBytes.get(10, TimeUnit.SECONDS);
        assertThat(head[0] & 0x0F).as("a close frame").isEqualTo(0x8);
        assertThat(head[1] & 0x80).as("masked").isEqualTo(0x80);
        return ((head[6] ^ head[2]) & 0xFF) << 8 | ((head[7] ^ head[3]) & 0xFF);
    }

    @Test
    void aFrameAnnouncing600MegabytesIsRefusedWith1009BeforeAnyOfItIsRead() throws Exception {
        byte[] header = {(byte) 0x81, 127, 0, 0, 0, 0, 0x23, (byte) 0xC3, 0x46, 0x00};   // 600,000,000 bytes
        serve("HTTP/1.1 101 Switching Protocols", true, header);
        Recorder r = new Recorder();
        connect(r, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(r.end()).startsWith("1009").contains("600000000").contains("1048576");
        assertThat(clientCloseCode()).isEqualTo(1009);
    }

    @Test
    void aMaskedServerFrameIsAProtocolError() throws Exception {
        serve("HTTP/1.1 101 Switching Protocols", true, new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2});
        Recorder r = new Recorder();
        connect(r, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(r.end()).startsWith("1002");
        assertThat(r.texts).isEmpty();
        assertThat(clientCloseCode()).isEqualTo(1002);
    }

    @Test
    void aContinuationWithoutAMessageAndAnUnknownOpcodeAreProtocolErrors() throws Exception {
        serve("HTTP/1.1 101 Switching Protocols", true, new byte[] {(byte) 0x80, 1, 'x'});
        Recorder r = new Recorder();
        connect(r, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(r.end()).startsWith("1002").contains("continuation");
    }

    @Test
    void aWrongAcceptKeyFailsTheConnect() {
        serve("HTTP/1.1 101 Switching Protocols", false, new byte[0]);
        assertThat(connect(new Recorder(), Duration.ofSeconds(5))).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().withMessageContaining("Sec-WebSocket-Accept");
    }

    @Test
    void aRefusedUpgradeIsAHandshakeExceptionWithStatusAndBody() {
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                RawPeer.readHead(s.getInputStream());
                byte[] body = "{\"error\":{\"code\":\"invalid_api_key\"}}".getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(body);
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client left
            }
        });
        assertThat(connect(new Recorder(), Duration.ofSeconds(5))).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingCause().isInstanceOfSatisfying(HandshakeException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("invalid_api_key");
                });
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheConnectTimeout() {
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client gave up
            }
        });
        long start = System.nanoTime();
        assertThat(connect(new Recorder(), Duration.ofMillis(500))).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingCause().isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedWithoutEchoingIt() {
        CompletableFuture<Transport.Connection> f = new WebSocketTransport(Proxy.NO_PROXY, 1 << 20, null)
                .connect(url(), Map.of("Authorization", "Bearer sk-secret\r\nX-Evil: 1"), Duration.ofSeconds(5), new Recorder());
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed
            }
        });
        assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("Authorization").withMessageNotContaining("sk-secret");
    }
}
