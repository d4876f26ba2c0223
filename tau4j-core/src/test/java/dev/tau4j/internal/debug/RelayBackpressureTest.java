package dev.tau4j.internal.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A debug server that accepts a session and then never reads must not slow the session or grow its memory. */
@Timeout(60)
class RelayBackpressureTest {

    @Test
    void aStalledDebugServerCostsTheSessionNothingButDroppedFrames() throws Exception {
        try (StalledPeer peer = new StalledPeer();
             RealtimeSimulator sim = RealtimeSimulator.start();
             Session session = Tau.createSession(SessionOptions.DEFAULTS,
                     TauOptions.builder().endpoint(sim.url()).apiKey("sk-x").name("stalled").build())) {
            Relay relay = (Relay) DebugRelay.attach(session, URI.create("ws://127.0.0.1:" + peer.port() + "/?token=t"));
            assertThat(peer.handshake.get(10, TimeUnit.SECONDS)).contains("GET /session?token=t ");
            String frame = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + "A".repeat(64_000) + "\"}";
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                relay.sent(frame);                         // 64 MB offered to a peer that reads nothing
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(relay.droppedFrames()).isGreaterThan(500);
            assertThat(relay.queuedChars()).isLessThanOrEqualTo(Relay.QUEUE_CHARS);
            session.user("are you still there?");
            assertThat(session.response().isCompleted()).isTrue();
            relay.close();
        }
    }

    /** Completes a WebSocket handshake, then never reads again. */
    private static final class StalledPeer implements AutoCloseable {
        private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: *(\\S+)", Pattern.CASE_INSENSITIVE);
        final CompletableFuture<String> handshake = new CompletableFuture<>();
        private final ServerSocket server = new ServerSocket(0);
        private volatile Socket accepted;

        StalledPeer() throws IOException {
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try {
                Socket s = server.accept();
                accepted = s;
                String head = readHead(s.getInputStream());
                Matcher key = KEY.matcher(head);
                if (!key.find()) {
                    throw new IOException("no Sec-WebSocket-Key in " + head);
                }
                byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                handshake.complete(head);
            } catch (Exception e) {
                handshake.completeExceptionally(e);
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

        @Override
        public void close() throws IOException {
            Socket s = accepted;
            if (s != null) {
                s.close();
            }
            server.close();
        }
    }
}
