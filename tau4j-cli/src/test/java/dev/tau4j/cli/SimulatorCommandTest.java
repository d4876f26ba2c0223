package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class SimulatorCommandTest {

    @Test
    void startPrintsTheUrlFirstAndServesSessionsUntilStopped() throws Exception {
        PipedReader pipe = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
        SimulatorCommand.Start start = new SimulatorCommand.Start();
        CommandLine cl = new CommandLine(start);
        cl.setOut(out);
        cl.parseArgs("--pace", "fast");
        CountDownLatch stop = new CountDownLatch(1);
        // Its own thread: a blocked common pool would stall the JDK WebSocket client's handshakes.
        CompletableFuture<Void> serving = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                start.serve(stop);
                serving.complete(null);
            } catch (InterruptedException e) {
                serving.completeExceptionally(e);
            }
        });
        String first = new BufferedReader(pipe).readLine();
        assertThat(first).matches("listening on ws://127\\.0\\.0\\.1:\\d+/v1/realtime");
        String url = first.substring("listening on ".length());
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(url).apiKey("sk-x").build());
             Session s = client.connect(SessionOptions.DEFAULTS)) {
            s.user("ping");
            assertThat(s.response().transcript()).isNotBlank();
        }
        stop.countDown();
        serving.get(10, TimeUnit.SECONDS);
    }
}
