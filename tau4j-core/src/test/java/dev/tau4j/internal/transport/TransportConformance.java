package dev.tau4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 behaviour of {@link WebSocketTransport} against an independent server. Each subclass runs
 * a real peer (Jetty, Node's ws) on loopback, plain and TLS, with the same scenarios by path:
 * {@code /echo}, {@code /fragments}, {@code /close}, {@code /invalid-utf8}, {@code /oversize},
 * {@code /oversize-fragments}, {@code /ping}, {@code /sni}; and logs what it saw as lines
 * ({@code closed PATH CODE REASON}, {@code pong PATH PAYLOAD}).
 */
abstract class TransportConformance {

    /** The client's message limit in these tests: small, so that the oversize scenarios stay light. */
    static final int LIMIT = 65_536 + 200_000;

    /** {@code ws://127.0.0.1:PORT} or {@code wss://localhost:PORT}. */
    abstract URI base(boolean secure);

    /** The TLS context trusting the peer's self-signed certificate. */
    abstract SSLContext trusting() throws Exception;

    /** The next line the peer logged that starts with {@code prefix}, within 10 s (null if none). */
    abstract String awaitLog(String prefix) throws InterruptedException;

    Transport.Connection connect(String path, Recorder r) throws Exception {
        return connect(new WebSocketTransport(Proxy.NO_PROXY, LIMIT, null), base(false).resolve(path), r);
    }

    static Transport.Connection connect(Transport t, URI uri, Recorder r) throws Exception {
        return t.connect(uri, Map.of("X-Test", "conformance"), Duration.ofSeconds(10), r).get(15, TimeUnit.SECONDS);
    }

    @Test
    void messagesOfEveryLengthEncodingTravelBothWaysIntact() throws Exception {
        Recorder r = new Recorder();
        Transport.Connection c = connect("/echo", r);
        for (int n : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 65_537, 200_000}) {
            String message = pattern(n);
            c.sendText(message).get(10, TimeUnit.SECONDS);
            assertThat(r.next()).as("echo of %d bytes", n).isEqualTo(message);
        }
        String unicode = "Grüße, 世界 🎧 ".repeat(5_000);
        c.sendText(unicode);
        assertThat(r.next()).isEqualTo(unicode);
        c.close(1000, "done");
        assertThat(r.end()).startsWith("1000");
    }

    @Test
    void fragmentsAreJoinedAndAPingBetweenThemIsAnswered() throws Exception {
        Recorder r = new Recorder();
        Transport.Connection c = connect("/fragments", r);
        assertThat(r.next()).isEqualTo("Hello, fragmented wörld");
        assertThat(r.next()).isEqualTo("after");
        assertThat(awaitLog("pong /fragments")).isEqualTo("pong /fragments mid-message");
        assertThat(r.pings).hasValue(1);
        assertThat(r.threads).as("one reader thread delivers the messages and the close").hasSize(1);
        c.close(1000, "");
        r.end();
    }

    @Test
    void thePeersCloseCodeAndReasonAreReportedAndEchoed() throws Exception {
        Recorder r = new Recorder();
        connect("/close", r);
        assertThat(r.end()).isEqualTo("4001 bye");
        assertThat(awaitLog("closed /close")).startsWith("closed /close 4001");
    }

    @Test
    void aCloseThisSideStartsIsAnsweredAndReported() throws Exception {
        Recorder r = new Recorder();
        Transport.Connection c = connect("/echo", r);
        c.close(4100, "client done");
        assertThat(awaitLog("closed /echo 4100")).isEqualTo("closed /echo 4100 client done");
        assertThat(r.end()).startsWith("4100");
        assertThat(c.sendText("late").handle((v, t) -> t)).succeedsWithin(Duration.ofSeconds(5)).isNotNull();
    }

    @Test
    void invalidUtf8InATextMessageClosesWith1007() throws Exception {
        Recorder r = new Recorder();
        connect("/invalid-utf8", r);
        assertThat(r.end()).startsWith("1007");
        assertThat(awaitLog("closed /invalid-utf8")).startsWith("closed /invalid-utf8 1007");
        assertThat(r.texts).isEmpty();
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() throws Exception {
        Transport small = new WebSocketTransport(Proxy.NO_PROXY, 65_536, null);
        for (String path : new String[] {"/oversize", "/oversize-fragments"}) {
            Recorder r = new Recorder();
            connect(small, base(false).resolve(path), r);
            assertThat(r.end()).as(path).startsWith("1009").contains("65536");
            assertThat(awaitLog("closed " + path)).startsWith("closed " + path + " 1009");
            assertThat(r.texts).isEmpty();
        }
    }

    @Test
    void thePeersPingsAreAnsweredAndReported() throws Exception {
        Recorder r = new Recorder();
        Transport.Connection c = connect("/ping", r);
        assertThat(awaitLog("pong /ping")).isEqualTo("pong /ping are you there");
        assertThat(r.pings).hasValue(1);
        c.sendPing();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.pongs.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(r.pongs).hasValue(1);
        c.close(1000, "");
        r.end();
    }

    @Test
    void wssWithASelfSignedLoopbackCertificateSendsSni() throws Exception {
        Transport tls = new WebSocketTransport(Proxy.NO_PROXY, LIMIT, trusting());
        Recorder r = new Recorder();
        connect(tls, base(true).resolve("/sni"), r);
        assertThat(r.next()).isEqualTo("sni localhost");
        Recorder echo = new Recorder();
        Transport.Connection c = connect(tls, base(true).resolve("/echo"), echo);
        String big = pattern(100_000);
        c.sendText(big);
        assertThat(echo.next()).isEqualTo(big);
        c.close(1000, "");
        assertThat(echo.end()).startsWith("1000");
    }

    @Test
    void theJdkTrustStoreRefusesTheSelfSignedCertificate() {
        Transport defaults = new WebSocketTransport(Proxy.NO_PROXY, LIMIT, null);
        assertThat(defaults.connect(base(true).resolve("/echo"), Map.of(), Duration.ofSeconds(10), new Recorder()))
                .failsWithin(Duration.ofSeconds(15)).withThrowableThat()
                .withCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void connectionsTunnelThroughAnHttpConnectProxy() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy()) {
            Proxy via = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()));
            Recorder r = new Recorder();
            URI plain = base(false).resolve("/echo");
            Transport.Connection c = connect(new WebSocketTransport(via, LIMIT, null), plain, r);
            assertThat(proxy.targets.poll(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + plain.getPort());
            c.sendText("through the tunnel");
            assertThat(r.next()).isEqualTo("through the tunnel");
            c.close(1000, "");
            r.end();
        }
    }

    @Test
    void wssFollowsTheHttpsProxySystemProperties() throws Exception {
        String[] keys = {"https.proxyHost", "https.proxyPort", "http.nonProxyHosts"};
        String[] saved = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            saved[i] = System.getProperty(keys[i]);
        }
        try (ConnectProxy proxy = new ConnectProxy()) {
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", String.valueOf(proxy.port()));
            System.setProperty("http.nonProxyHosts", "");
            URI secure = base(true).resolve("/echo");
            Recorder r = new Recorder();
            Transport.Connection c = connect(new WebSocketTransport(null, LIMIT, trusting()), secure, r);
            assertThat(proxy.targets.poll(5, TimeUnit.SECONDS)).isEqualTo("localhost:" + secure.getPort());
            c.sendText("tunnelled TLS");
            assertThat(r.next()).isEqualTo("tunnelled TLS");
            c.close(1000, "");
            r.end();
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], saved[i]);
                }
            }
        }
    }

    /** {@code n} ASCII bytes that differ along the message. */
    static String pattern(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + (i * 7 + i / 26) % 26));
        }
        return sb.toString();
    }
}
