package dev.tau4j.internal.transport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against Node's {@code ws} server ({@code src/test/node-ws}, installed by {@code npm ci}
 * there; {@code .ci/run} does it). Skipped when Node or the package is missing, unless
 * {@code TAU4J_REQUIRE_NODE=1} (set by {@code .ci/run}): then it fails.
 */
@Timeout(120)
class WebSocketTransportNodeTest extends TransportConformance {

    private static final Path PEER = Path.of("src/test/node-ws");
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final ServerLog LOG = new ServerLog();
    private static TestCertificate certificate;
    private static int plainPort;
    private static int tlsPort;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPeers() throws Exception {
        boolean required = "1".equals(System.getenv("TAU4J_REQUIRE_NODE"));
        boolean installed = Files.isDirectory(PEER.resolve("node_modules/ws")) && nodeRuns();
        if (required && !installed) {
            throw new IllegalStateException("TAU4J_REQUIRE_NODE=1 but node or " + PEER + "/node_modules/ws is missing:"
                    + " run `npm ci` in " + PEER);
        }
        assumeTrue(installed, "node and the ws package are not installed (npm ci in " + PEER + ")");
        certificate = TestCertificate.generate(dir);
        plainPort = start(List.of());
        tlsPort = start(List.of(certificate.keyStore.toString(), TestCertificate.PASSWORD));
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static int start(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "server.js"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(PEER.toFile()).redirectErrorStream(true).start();
        PROCESSES.add(p);
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("listening ")) {
                        first.add(line);
                    } else {
                        LOG.add(line);
                    }
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        String listening = first.poll(30, TimeUnit.SECONDS);
        if (listening == null) {
            throw new IllegalStateException("the node ws server did not start");
        }
        return Integer.parseInt(listening.substring("listening ".length()).strip());
    }

    @AfterAll
    static void stopPeers() {
        PROCESSES.forEach(Process::destroy);
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
}
