package dev.tau4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a {@code wss://} connection: after the WebSocket close handshake the client ends TLS
 * with a {@code close_notify} alert (RFC 8446 §6.1) before it closes the socket, so that the
 * server can tell a finished connection from a truncated one, however the close ends (the
 * server's answer or the close wait). The server here runs its own {@link SSLEngine}, whose
 * {@code isInboundDone()} is true only once that alert arrived; a socket that merely ends leaves it
 * false.
 */
@Timeout(30)
class TlsCloseTest {

    @TempDir
    Path dir;

    @Test
    void aClosedWssConnectionEndsItsTlsWithCloseNotify() throws Exception {
        TestCertificate certificate = TestCertificate.generate(dir);
        try (ServerSocket server = RawPeer.listen()) {
            CompletableFuture<Integer> closeCode = new CompletableFuture<>();
            CompletableFuture<Boolean> closeNotified = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    SSLEngine engine = certificate.serverContext().createSSLEngine();
                    engine.setUseClientMode(false);
                    Tls tls = new Tls(engine);
                    tls.handshake(s.getInputStream(), s.getOutputStream());
                    DataInputStream in = new DataInputStream(tls.input(s.getInputStream()));
                    OutputStream out = tls.output(s.getOutputStream());
                    String accept = RawPeer.accept(RawPeer.readHead(in));
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    // the client's close frame (masked, short), then the answer
                    int b0 = in.readUnsignedByte();
                    int n = in.readUnsignedByte() & 0x7F;
                    byte[] mask = in.readNBytes(4);
                    byte[] payload = in.readNBytes(n);
                    closeCode.complete((b0 & 0x0F) == Frames.CLOSE ? ((payload[0] ^ mask[0]) & 0xFF) << 8 | (payload[1] ^ mask[1]) & 0xFF : -1);
                    out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
                    while (in.read() >= 0) {
                        // until the end of the stream: the alert, or only the socket's end
                    }
                    closeNotified.complete(engine.isInboundDone());
                } catch (Throwable e) {
                    closeCode.completeExceptionally(e);
                    closeNotified.completeExceptionally(e);
                }
            });
            Recorder recorder = new Recorder();
            Transport.Connection c = new WebSocketTransport(Proxy.NO_PROXY, 1 << 20, certificate.trustingContext())
                    .connect(URI.create("wss://localhost:" + server.getLocalPort() + "/v1/realtime"), Map.of(),
                            Duration.ofSeconds(10), recorder)
                    .get(15, TimeUnit.SECONDS);

            c.close(1000, "done");

            assertThat(closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(closeNotified.get(15, TimeUnit.SECONDS)).as("the server's TLS engine received close_notify").isTrue();
            assertThat(recorder.ended.get(15, TimeUnit.SECONDS)).as("the server's close frame ended it, not the close wait")
                    .isEqualTo("1000 ");
        }
    }
}
