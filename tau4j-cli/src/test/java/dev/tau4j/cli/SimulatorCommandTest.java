package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauClient;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.simulator.BetaShape;
import dev.tau4j.simulator.Pace;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
        CompletableFuture<Void> serving = serve(start, stop);
        BufferedReader lines = new BufferedReader(pipe);
        String first = lines.readLine();
        assertThat(first).matches("listening on ws://127\\.0\\.0\\.1:\\d+/v1/realtime");
        assertThat(lines.readLine()).isEqualTo("pace fast, beta reject, no key needed, recording off, a ping every 20 s");
        String url = first.substring("listening on ".length());
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(url).build());
             Session s = client.connect(SessionOptions.DEFAULTS)) {
            s.user("ping");
            assertThat(s.response().transcript()).as("no API key needed").isNotBlank();
        }
        stop.countDown();
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void dialectAzureServesAzuresPathAndApiKeyHeaderToTheAzureProvider() throws Exception {
        PipedReader pipe = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
        SimulatorCommand.Start start = new SimulatorCommand.Start();
        CommandLine cl = new CommandLine(start);
        cl.setOut(out);
        cl.parseArgs("--pace", "fast", "--dialect", "azure", "--require-key", "az-key-9");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> serving = serve(start, stop);
        BufferedReader lines = new BufferedReader(pipe);
        String first = lines.readLine();
        assertThat(first).matches("listening on ws://127\\.0\\.0\\.1:\\d+/openai/v1/realtime");
        assertThat(lines.readLine()).startsWith("dialect azure, pace fast");
        String url = first.substring("listening on ".length());
        try (TauClient client = TauClient.create(TauOptions.builder()
                .provider(dev.tau4j.Provider.azureOpenAi(java.net.URI.create(url.replace("ws://", "http://"))))
                .endpoint(url).apiKey("az-key-9").model("my-deployment").build());
             Session s = client.connect(SessionOptions.DEFAULTS)) {
            s.user("ping");
            assertThat(s.response().transcript()).isNotBlank();
        }
        stop.countDown();
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void dialectGeminiServesGeminiLivesPathAndChecksTheKeyOnSetup() throws Exception {
        PipedReader pipe = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
        SimulatorCommand.Start start = new SimulatorCommand.Start();
        CommandLine cl = new CommandLine(start);
        cl.setOut(out);
        cl.parseArgs("--pace", "fast", "--dialect", "gemini", "--require-key", "g-key-1");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> serving = serve(start, stop);
        BufferedReader lines = new BufferedReader(pipe);
        String first = lines.readLine();
        assertThat(first).matches("listening on ws://127\\.0\\.0\\.1:\\d+/ws/google\\.ai\\.generativelanguage\\.v1beta\\."
                + "GenerativeService\\.BidiGenerateContent");
        assertThat(lines.readLine()).startsWith("dialect gemini, pace fast");
        String url = first.substring("listening on ".length());
        for (String key : List.of("g-key-1", "wrong")) {
            CompletableFuture<String> firstMessage = new CompletableFuture<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(url + "?key=" + key), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            firstMessage.complete(data.toString());
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"setup\":{\"model\":\"models/gemini-2.5-flash-native-audio-preview-09-2025\"}}", true).join();
            if (key.equals("g-key-1")) {
                assertThat(firstMessage.get(5, TimeUnit.SECONDS)).isEqualTo("{\"setupComplete\":{}}");
                ws.abort();
            } else {
                assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
            }
        }
        stop.countDown();
        serving.get(10, TimeUnit.SECONDS);
    }

    @Test
    void defaultsAreTheLiveServicesBehaviourAndEveryPaceIsAccepted() {
        SimulatorCommand.Start start = new SimulatorCommand.Start();
        new CommandLine(start).parseArgs();
        assertThat(start.pace).isEqualTo(Pace.AHEAD);
        assertThat(start.beta).isEqualTo(BetaShape.REJECT);
        assertThat(start.requiredKey).isNull();
        assertThat(start.record).isZero();
        assertThat(start.pingSeconds).isEqualTo(20);
        for (String pace : List.of("fast", "realtime", "ahead", "1.5x", "2-3x")) {
            SimulatorCommand.Start s = new SimulatorCommand.Start();
            new CommandLine(s).parseArgs("--pace", pace, "--beta", "serve", "--require-key", "sk-sim", "--record", "100", "--ping", "0");
            assertThat(s.pace).isEqualTo(Pace.parse(pace));
            assertThat(s.beta).isEqualTo(BetaShape.SERVE);
            assertThat(s.requiredKey).isEqualTo("sk-sim");
        }
        assertThatThrownBy(() -> new CommandLine(new SimulatorCommand.Start()).parseArgs("--pace", "slow"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("2-4x");
    }

    @Test
    void requireKeyRejectsOtherKeysLikeTheLiveService() throws Exception {
        PipedReader pipe = new PipedReader();
        SimulatorCommand.Start start = new SimulatorCommand.Start();
        CommandLine cl = new CommandLine(start);
        cl.setOut(new PrintWriter(new PipedWriter(pipe), true));
        cl.parseArgs("--require-key", "sk-sim");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> serving = serve(start, stop);
        String url = new BufferedReader(pipe).readLine().substring("listening on ".length());
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(url).apiKey("sk-wrong").build())) {
            assertThatThrownBy(() -> client.connect(SessionOptions.DEFAULTS).close()).isInstanceOf(TauException.class)
                    .hasMessageContaining("invalid_api_key");
        }
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(url).apiKey("sk-sim").build());
             Session s = client.connect(SessionOptions.DEFAULTS)) {
            s.user("ping");
            assertThat(s.response().transcript()).isNotBlank();
        }
        stop.countDown();
        serving.get(10, TimeUnit.SECONDS);
    }

    private static CompletableFuture<Void> serve(SimulatorCommand.Start start, CountDownLatch stop) {
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
        return serving;
    }
}
