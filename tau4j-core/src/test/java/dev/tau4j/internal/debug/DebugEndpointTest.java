package dev.tau4j.internal.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class DebugEndpointTest {

    @TempDir
    Path home;

    @Test
    void theTokenInTheUrlWinsAndNeverShowsInMessagesNorInTheSocketUrl() throws Exception {
        writeTokenFile(30033, "from-the-file-0123456789");
        DebugEndpoint e = DebugEndpoint.resolve(URI.create("ws://127.0.0.1:30033/?token=from-the-url-0123456789"), home);
        assertThat(e.token()).isEqualTo("from-the-url-0123456789");
        assertThat(e.socket()).isEqualTo(URI.create("ws://127.0.0.1:30033/session"));
        assertThat(e.display()).isEqualTo("ws://127.0.0.1:30033/session").doesNotContain("token");
    }

    @Test
    void theDefaultUrlTakesTheTokenFileOfItsPort() throws Exception {
        writeTokenFile(30033, "from-the-file-0123456789");
        DebugEndpoint e = DebugEndpoint.resolve(URI.create("ws://127.0.0.1:30033"), home);
        assertThat(e.token()).isEqualTo("from-the-file-0123456789");
        assertThat(e.socket().getRawQuery()).isNull();
        assertThat(e.source()).isEqualTo("~/.tau4j/debug/30033.token");
        assertThat(DebugEndpoint.resolve(URI.create("ws://localhost:30033/"), home).token()).isEqualTo("from-the-file-0123456789");
        assertThat(DebugEndpoint.resolve(URI.create("ws://127.0.0.1:30034"), home).token()).isNull();
    }

    @Test
    void aRemoteHostNeverGetsTheLocalTokenFile() throws Exception {
        writeTokenFile(30033, "from-the-file-0123456789");
        DebugEndpoint e = DebugEndpoint.resolve(URI.create("ws://debug.example.com:30033"), home);
        assertThat(e.token()).isNull();
        assertThat(e.socket()).isEqualTo(URI.create("ws://debug.example.com:30033/session"));
        assertThat(e.source()).contains("no token in the debug URL");
    }

    @Test
    void anExplicitPathIsKept() {
        DebugEndpoint e = DebugEndpoint.resolve(URI.create("ws://127.0.0.1:4000/session?token=abc&x=1"), home);
        assertThat(e.socket()).isEqualTo(URI.create("ws://127.0.0.1:4000/session"));
        assertThat(e.token()).isEqualTo("abc");
    }

    private void writeTokenFile(int port, String token) throws Exception {
        Path file = DebugEndpoint.tokenFile(home, port);
        Files.createDirectories(file.getParent());
        Files.writeString(file, token + "\n");
    }
}
