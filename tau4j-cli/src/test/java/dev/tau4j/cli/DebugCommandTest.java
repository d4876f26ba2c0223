package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class DebugCommandTest {

    @Test
    void startPrintsTheUrlWithItsTokenServesThePageAndPublishesTheTokenUntilStopped() throws Exception {
        PipedReader pipe = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
        DebugCommand.Start start = new DebugCommand.Start();
        CommandLine cl = new CommandLine(start);
        cl.setOut(out);
        cl.parseArgs("--port", "0", "--no-open");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> serving = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                start.serve(stop);
                serving.complete(null);
            } catch (Throwable e) {
                serving.completeExceptionally(e);
            }
        });
        BufferedReader lines = new BufferedReader(pipe);
        String first = lines.readLine();
        assertThat(first).matches("debug UI at http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");
        URI page = URI.create(first.substring("debug UI at ".length()));
        lines.readLine();
        String tokenLine = lines.readLine();
        Path tokenFile = Path.of(tokenLine.substring("token for sessions of this user: ".length(), tokenLine.indexOf(" (")));
        assertThat(Files.readString(tokenFile).strip()).isEqualTo(page.getQuery().substring("token=".length()));
        try (HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            HttpRequest get = HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> ok = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("tau4j debug");
            HttpRequest noToken = HttpRequest.newBuilder(page.resolve("/")).timeout(Duration.ofSeconds(10)).build();
            assertThat(http.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        }
        stop.countDown();
        serving.get(10, TimeUnit.SECONDS);
        assertThat(tokenFile).doesNotExist();
    }
}
