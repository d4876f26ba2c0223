package dev.tau4j.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The token, the Origin and the Host rules, tried over real sockets with the headers an attacker would send. */
@Timeout(30)
class DebugServerAccessTest {

    private DebugServer server;
    private int port;

    @BeforeEach
    void start() {
        server = DebugServer.start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePageNeedsItsToken() throws Exception {
        assertThat(Probe.get(port, "/", Map.of()).status()).isEqualTo(403);
        assertThat(Probe.get(port, "/?token=wrong-token-of-the-right-length-xxxxxxxxxx", Map.of()).status()).isEqualTo(403);
        Probe.Answer page = Probe.get(port, "/?token=" + server.token(), Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("tau4j debug").doesNotContain("http://", "https://");
        assertThat(page.headers().get("set-cookie")).contains(Access.COOKIE + "=" + server.token()).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        assertThat(page.headers().get("content-security-policy")).contains("default-src 'none'", "frame-ancestors 'none'");
    }

    @Test
    void theUiFilesAndDownloadsNeedTheTokenOrTheCookie() throws Exception {
        assertThat(Probe.get(port, "/ui/app.js", Map.of()).status()).isEqualTo(403);
        assertThat(Probe.get(port, "/ui/app.js", Map.of("Cookie", Access.COOKIE + "=nope")).status()).isEqualTo(403);
        Probe.Answer js = Probe.get(port, "/ui/app.js", Map.of("Cookie", Access.COOKIE + "=" + server.token()));
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.headers().get("content-type")).startsWith("text/javascript");
        assertThat(Probe.get(port, "/api/sessions/s1/events.jsonl", Map.of()).status()).isEqualTo(403);
        assertThat(Probe.get(port, "/api/sessions/s1/events.jsonl?token=" + server.token(), Map.of()).status()).isEqualTo(404);
        assertThat(Probe.get(port, "/ui/../../etc/passwd?token=" + server.token(), Map.of()).status()).isIn(400, 404);
    }

    @Test
    void everyPageWebSocketNeedsTheTokenAndASessionSocketNeverCarriesIt() throws Exception {
        assertThat(Probe.upgrade(port, "/session", Map.of()).status()).as("relays authenticate on the socket").isEqualTo(101);
        for (String path : new String[] {"/ui"}) {
            assertThat(Probe.upgrade(port, path, Map.of()).status()).as(path + " without token").isEqualTo(403);
            assertThat(Probe.upgrade(port, path + "?token=", Map.of()).status()).as(path + " empty token").isEqualTo(403);
            assertThat(Probe.upgrade(port, path + "?token=" + server.token() + "x", Map.of()).status()).as(path + " wrong token")
                    .isEqualTo(403);
            assertThat(Probe.upgrade(port, path + "?token=" + server.token(), Map.of()).status()).as(path + " with token")
                    .isEqualTo(101);
        }
    }

    @Test
    void aWebSocketFromAForeignOriginIsRefusedEvenWithTheToken() throws Exception {
        String ui = "/ui?token=" + server.token();
        assertThat(Probe.upgrade(port, ui, Map.of("Origin", "http://evil.example")).status()).isEqualTo(403);
        assertThat(Probe.upgrade(port, ui, Map.of("Origin", "http://127.0.0.1:" + (port + 1))).status()).isEqualTo(403);
        assertThat(Probe.upgrade(port, ui, Map.of("Origin", "null")).status()).isEqualTo(403);
        assertThat(Probe.upgrade(port, "/session?token=" + server.token(), Map.of("Origin", "https://evil.example")).status())
                .isEqualTo(403);
        assertThat(Probe.upgrade(port, ui, Map.of("Origin", "http://127.0.0.1:" + port)).status()).isEqualTo(101);
        assertThat(Probe.upgrade(port, ui, Map.of("Host", "localhost:" + port, "Origin", "http://localhost:" + port)).status())
                .isEqualTo(101);
    }

    @Test
    void aForeignHostIsRefusedAgainstDnsRebinding() throws Exception {
        Map<String, String> rebound = Map.of("Host", "evil.example:" + port, "Origin", "http://evil.example:" + port);
        assertThat(Probe.upgrade(port, "/ui?token=" + server.token(), rebound).status()).isEqualTo(403);
        assertThat(Probe.get(port, "/?token=" + server.token(), Map.of("Host", "evil.example:" + port)).status()).isEqualTo(403);
    }

    @Test
    void urlsCarryTheTokenAndBindLoopback() {
        assertThat(server.url().toString()).isEqualTo("http://127.0.0.1:" + port + "/?token=" + server.token());
        assertThat(server.sessionUrl().toString()).isEqualTo("ws://127.0.0.1:" + port + "/session?token=" + server.token());
        assertThat(server.token()).hasSize(43);
        try (DebugServer other = DebugServer.start()) {
            assertThat(other.token()).isNotEqualTo(server.token());
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> DebugServer.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("--port");
        }
    }

    @Test
    void thePublishedTokenFileIsOwnerOnlyAndGoesAwayOnClose(@TempDir Path home) throws Exception {
        Path file;
        try (DebugServer published = DebugServer.builder().publishToken(true).home(home).start()) {
            file = published.tokenFile().orElseThrow();
            assertThat(file).isEqualTo(home.resolve(".tau4j/debug/" + published.port() + ".token"));
            assertThat(Files.readString(file).strip()).isEqualTo(published.token());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void refusalsAndNotFoundAnswersForbidSniffingScriptsAndFraming() throws Exception {
        Probe.Answer[] answers = {
            Probe.get(port, "/", Map.of()),
            Probe.get(port, "/nothing-here?token=" + server.token(), Map.of()),
            Probe.get(port, "/api/sessions/s9/events.jsonl?token=" + server.token(), Map.of()),
            Probe.upgrade(port, "/ui", Map.of()),
        };
        for (Probe.Answer a : answers) {
            assertThat(a.status()).isIn(403, 404);
            assertThat(a.headers().get("x-content-type-options")).as(a.status() + " " + a.body()).isEqualTo("nosniff");
            assertThat(a.headers().get("content-security-policy")).contains("default-src 'none'", "frame-ancestors 'none'");
            assertThat(a.headers().get("content-type")).startsWith("text/plain");
        }
    }

    @Test
    void thePagesSocketWorksWithTheCookieAloneSoTheTokenCanLeaveTheAddressBar() throws Exception {
        String origin = "http://127.0.0.1:" + port;
        assertThat(Probe.upgrade(port, "/ui", Map.of("Origin", origin, "Cookie", Access.COOKIE + "=" + server.token())).status())
                .isEqualTo(101);
        assertThat(Probe.upgrade(port, "/ui", Map.of("Origin", origin, "Cookie", Access.COOKIE + "=nope")).status()).isEqualTo(403);
        assertThat(Probe.get(port, "/ui/app.js", Map.of("Cookie", Access.COOKIE + "=" + server.token())).body())
                .contains("history.replaceState(null, '', location.pathname)").doesNotContain("?token=");
    }
}
