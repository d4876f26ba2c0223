package dev.tau4j.internal.transport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The transport against the Jetty 12 WebSocket server (the one the simulator and the debug server use). */
@Timeout(120)
class WebSocketTransportJettyTest extends TransportConformance {

    private static final ServerLog LOG = new ServerLog();
    private static TestCertificate certificate;
    private static Server server;
    private static int plainPort;
    private static int tlsPort;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        certificate = TestCertificate.generate(dir);
        server = new Server();
        ServerConnector plain = new ServerConnector(server);
        plain.setHost("127.0.0.1");
        server.addConnector(plain);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(certificate.keyStore.toString());
        ssl.setKeyStorePassword(TestCertificate.PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector secure = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        secure.setHost("127.0.0.1");
        server.addConnector(secure);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(64L * 1024 * 1024);
            container.setIdleTimeout(Duration.ofMinutes(2));
            container.addMapping("/*", (request, response, callback) -> new Scenario(request));
        }));
        server.start();
        plainPort = plain.getLocalPort();
        tlsPort = secure.getLocalPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    URI base(boolean secure) {
        return URI.create(secure ? "wss://localhost:" + tlsPort : "ws://127.0.0.1:" + plainPort);
    }

    @Override
    SSLContext trusting() throws Exception {
        return certificate.trustingContext();
    }

    @Override
    String awaitLog(String prefix) throws InterruptedException {
        return LOG.await(prefix);
    }

    /** One connection's scenario, picked by the request's path. */
    public static final class Scenario implements Session.Listener.AutoDemanding {
        private final String path;
        private final String sni;
        private Session session;

        Scenario(ServerUpgradeRequest request) {
            this.path = request.getHttpURI().getPath();
            Object tls = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
            String name = "";
            if (tls instanceof EndPoint.SslSessionData data && data.sslSession() instanceof ExtendedSSLSession s) {
                name = s.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                        .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse("");
            }
            this.sni = name;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            switch (path) {
                case "/echo" -> { }
                case "/sni" -> s.sendText("sni " + sni, Callback.NOOP);
                case "/fragments" -> inOrder(
                        cb -> s.sendPartialText("Hello, ", false, cb),
                        cb -> s.sendPing(ByteBuffer.wrap("mid-message".getBytes(StandardCharsets.UTF_8)), cb),
                        cb -> s.sendPartialText("fragmented ", false, cb),
                        cb -> s.sendPartialText("wörld", true, cb),
                        cb -> s.sendText("after", cb));
                case "/close" -> s.close(4001, "bye", Callback.NOOP);
                case "/invalid-utf8" -> ((WebSocketSession) s).getCoreSession().sendFrame(
                        new Frame(OpCode.TEXT, ByteBuffer.wrap(new byte[] {0x7b, (byte) 0xc3, 0x28, 0x7d})),
                        org.eclipse.jetty.util.Callback.NOOP, false);
                case "/oversize" -> s.sendText("x".repeat(70_000), Callback.NOOP);
                case "/oversize-fragments" -> inOrder(
                        cb -> s.sendPartialText("y".repeat(30_000), false, cb),
                        cb -> s.sendPartialText("y".repeat(30_000), false, cb),
                        cb -> s.sendPartialText("y".repeat(30_000), true, cb));
                case "/ping" -> s.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
                default -> s.close(4004, "no such scenario", Callback.NOOP);
            }
        }

        @SafeVarargs
        private static void inOrder(Consumer<Callback>... steps) {
            step(steps, 0);
        }

        private static void step(Consumer<Callback>[] steps, int i) {
            if (i < steps.length) {
                steps[i].accept(Callback.from(() -> step(steps, i + 1), t -> LOG.add("error " + t)));
            }
        }

        @Override
        public void onWebSocketText(String message) {
            if (path.equals("/echo")) {
                session.sendText(message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            LOG.add("pong " + path + " " + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            LOG.add("closed " + path + " " + statusCode + " " + reason);
        }
    }
}
