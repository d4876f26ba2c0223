package dev.tau4j.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.Provider;
import dev.tau4j.Response;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.ServerErrorException;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauOptions;
import dev.tau4j.Voice;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Pcm16;
import dev.tau4j.audio.Wav;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimDialect;
import dev.tau4j.simulator.SimulatedSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI in a real browser: headless Chromium whose fake microphone plays a WAV file opens the
 * page with its token, opens the microphone into the selected session (one of two) of a session
 * backed by the simulator, and the page plays the model's answer and shows its transcript and cost.
 * Skipped when Chromium is not installed, unless {@code TAU4J_REQUIRE_BROWSER} is set (.ci/run installs
 * Debian's chromium and sets it).
 */
@Timeout(180)
class DebugUiBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @Test
    void theMicrophoneReachesTheSelectedSessionAndTheModelIsHeardReadAndPriced(@TempDir Path tmp) throws Exception {
        Optional<Path> binary = Chromium.find();
        if (System.getenv("TAU4J_REQUIRE_BROWSER") != null) {
            assertThat(binary).as("Chromium (TAU4J_REQUIRE_BROWSER is set, as in .ci/run)").isPresent();
        }
        assumeTrue(binary.isPresent(), "Chromium is not installed (apt-get install chromium; or -Dtau4j.chromium=PATH):"
                + " the browser test runs in CI, where .ci/run installs it");
        Path wav = tmp.resolve("microphone.wav");
        Wav.write(wav, AudioFormat.PCM16_24KHZ_MONO, concat(SimAudio.silence(Duration.ofMillis(400)),
                SimAudio.speech(Duration.ofMillis(1500)), SimAudio.silence(Duration.ofMillis(3000))));

        CompletableFuture<Response> heard = new CompletableFuture<>();
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             DebugServer debug = DebugServer.start();
             Session bystander = Tau.createSession(SessionOptions.DEFAULTS, options(sim, debug, "bystander"));
             Session session = Tau.createSession(SessionOptions.DEFAULTS, options(sim, debug, "browser-test"));
             Chromium chromium = Chromium.launch(binary.get(), tmp.resolve("profile"), wav)) {
            session.addListener(new SessionListener() {
                @Override
                public void onResponse(Session s, Response r) {
                    if (r.origin() == ResponseOrigin.SERVER_STARTED) {
                        heard.complete(r);
                    }
                }
            });
            Cdp.Page page = chromium.cdp().open(debug.url());
            page.await("window.tauDebug && tauDebug.stats().ready && tauDebug.stats().sessions === 2", WAIT);
            assertThat(page.eval("location.href").asText()).as("the token left the address bar")
                    .doesNotContain(debug.token()).doesNotContain("token");
            page.eval("[...document.querySelectorAll('#sessions li')]"
                    + ".find(li => li.querySelector('.name').textContent === 'browser-test').click()");
            page.await("document.getElementById('session-name').textContent === 'browser-test'", WAIT);
            page.eval("document.getElementById('open-mic').click()");

            // (a) the simulator received non-silent microphone audio, for the selected session only
            Response response = heard.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            SimulatedSession simSession = simSession(sim, session);
            byte[] input = simSession.inputAudio();
            assertThat(input.length).isGreaterThan(SimAudio.bytesFor(1000));
            assertThat(Pcm16.peakDbfs(input)).as("peak of the microphone audio the simulator received").isGreaterThan(-30);
            assertThat(simSession(sim, bystander).inputAudio()).isEmpty();
            assertThat(response.transcript()).startsWith("I heard");

            // (b) the model's audio reached the page's audio graph
            page.await("tauDebug.stats().chunks > 0 && tauDebug.stats().outputPeak > 0.05", WAIT);
            JsonNode stats = page.eval("tauDebug.stats()");
            assertThat(stats.path("context").asText()).isEqualTo("running");
            assertThat(stats.path("mic").path("chunks").asInt()).isPositive();

            // (c) the transcript and the cost are on the page
            page.await("document.getElementById('transcript').textContent.includes('I heard')", WAIT);
            page.await("/^\\$0\\.\\d+/.test(document.getElementById('cost-total').textContent)", WAIT);
            String cost = page.eval("document.getElementById('cost-total').textContent").asText();
            assertThat(Double.parseDouble(cost.substring(1).split(" ")[0])).isPositive();

            byte[] png = page.screenshot();
            Files.write(target().resolve("debug-ui.png"), png);
            assertNotBlank(png);

            // (d) once the session ended and nothing plays, the waveform still shows the last audio
            session.close();
            page.await("document.getElementById('session-state').textContent === 'ended'", WAIT);
            page.await("tauDebug.stats().pendingSeconds === 0 && tauDebug.stats().lastPeak < 0.001", WAIT);
            page.await("tauDebug.stats().waveformHeld", WAIT);
            assertThat(page.eval(WAVE_HEIGHT).asInt()).as("height in pixels of the drawn waveform").isGreaterThan(8);
        }
    }

    @Test
    void theTimelineShowsTheOpeningEventsLatencyPerResponseAndFailedSessions(@TempDir Path tmp) throws Exception {
        Optional<Path> binary = Chromium.find();
        assumeTrue(binary.isPresent() || System.getenv("TAU4J_REQUIRE_BROWSER") != null, "Chromium is not installed");
        try (RealtimeSimulator sim = RealtimeSimulator.start();
             DebugServer debug = DebugServer.start()) {
            try (Session session = Tau.createSession(SessionOptions.builder().instructions("Answer in one sentence.").build(),
                    options(sim, debug, "two-answers"))) {
                session.user("What is the sea?");
                session.response();
                session.user("And the sky?");
                session.response();
            }
            assertThatThrownBy(() -> Tau.createSession(SessionOptions.builder().voice(Voice.of("nonsense")).build(),
                    options(sim, debug, "bad-voice"))).isInstanceOf(ServerErrorException.class);

            try (Chromium chromium = Chromium.launch(binary.orElseThrow(), tmp.resolve("profile"), null)) {
                Cdp.Page page = chromium.cdp().open(debug.url());
                page.await("window.tauDebug && tauDebug.stats().ready && tauDebug.stats().sessions === 2", WAIT);

                // a session that failed at setup is listed, failed, with the server's error
                String failed = "[...document.querySelectorAll('#sessions li')].find(li => li.querySelector('.name')"
                        + ".textContent === 'bad-voice')";
                page.await(failed + "?.classList.contains('failed')", WAIT);
                assertThat(page.eval(failed + ".querySelector('.error').textContent").asText())
                        .contains("Invalid value").contains("nonsense");
                page.eval(failed + ".click()");
                page.await("document.getElementById('session-state').textContent === 'failed'", WAIT);
                assertThat(types(page)).contains("session.created", "session.update", "error", "tau.error");

                // the opening events are on the timeline, in order, before the first user message
                page.eval("[...document.querySelectorAll('#sessions li')].find(li => li.querySelector('.name')"
                        + ".textContent === 'two-answers').click()");
                page.await("document.getElementById('session-name').textContent === 'two-answers'", WAIT);
                List<String> types = types(page);
                assertThat(types).containsSubsequence("tau.hello", "session.created", "session.update", "session.updated",
                        "conversation.item.create");

                // each response shows its latency on the timeline and in the transcript; the session its p50/p95
                page.await("document.querySelectorAll('#timeline .row.response').length === 2", WAIT);
                JsonNode rows = page.eval("[...document.querySelectorAll('#timeline .row.response')].map(r => r.textContent)");
                assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.asText())
                        .containsPattern("first audio \\d+ ms · first text \\d+ ms"));
                JsonNode turns = page.eval("[...document.querySelectorAll('#transcript .turn.role-assistant .meta')]"
                        + ".map(m => m.textContent)");
                assertThat(turns).hasSize(2).allSatisfy(t -> assertThat(t.asText()).containsPattern("first audio \\d+ ms"));
                assertThat(page.eval("document.getElementById('latency').textContent").asText())
                        .containsPattern("latency: first audio p50 \\d+ ms · p95 \\d+ ms · first text p50 \\d+ ms · p95 \\d+ ms \\(2 responses\\)");

                Files.write(target().resolve("debug-ui-latency.png"), page.screenshot());
            }
        }
    }

    private static final String WAVE_HEIGHT = """
            (() => {
              const c = document.getElementById('wave');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let top = c.height, bottom = -1;
              for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
                if (d[(y * c.width + x) * 4 + 3] > 0) { top = Math.min(top, y); bottom = Math.max(bottom, y); }
              }
              return bottom - top;
            })()""";

    /** The event types on the selected session's timeline, in order. */
    @Test
    void aGeminiSessionShowsItsProviderItsRawFramesAndItsTranscript(@TempDir Path tmp) throws Exception {
        Optional<Path> binary = Chromium.find();
        assumeTrue(binary.isPresent() || System.getenv("TAU4J_REQUIRE_BROWSER") != null, "Chromium is not installed");
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start();
             DebugServer debug = DebugServer.start()) {
            TauOptions options = TauOptions.builder().provider(Provider.GEMINI.withEndpoint(sim.url())).apiKey("g-browser")
                    .name("gemini-session").debug(true).debugUrl(debug.sessionUrl()).build();
            try (Session session = Tau.createSession(SessionOptions.DEFAULTS, options)) {
                session.user("What is the sea?");
                assertThat(session.response().transcript()).isNotEmpty();
            }
            try (Chromium chromium = Chromium.launch(binary.orElseThrow(), tmp.resolve("profile"), null)) {
                Cdp.Page page = chromium.cdp().open(debug.url());
                page.await("window.tauDebug && tauDebug.stats().ready && tauDebug.stats().sessions === 1", WAIT);
                page.await("document.querySelector('#sessions li .meta').textContent.includes('gemini')", WAIT);
                page.eval("document.querySelector('#sessions li').click()");
                page.await("document.getElementById('session-model').textContent.includes('gemini')", WAIT);
                page.await("document.getElementById('transcript').textContent.includes('What is the sea?')", WAIT);
                assertThat(types(page)).contains("tau.hello", "setup", "setupComplete", "clientContent", "serverContent");
            }
        }
    }

    private static List<String> types(Cdp.Page page) throws Exception {
        List<String> types = new ArrayList<>();
        page.eval("[...document.querySelectorAll('#timeline .row .type')].map(t => t.textContent)")
                .forEach(t -> types.add(t.asText()));
        return types;
    }

    private static Path target() throws java.io.IOException {
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        Files.createDirectories(target);
        return target;
    }

    private static TauOptions options(RealtimeSimulator sim, DebugServer debug, String name) {
        return TauOptions.builder().endpoint(sim.url()).apiKey("sk-browser").name(name).debug(true).debugUrl(debug.sessionUrl())
                .build();
    }

    private static SimulatedSession simSession(RealtimeSimulator sim, Session session) {
        String id = session.sessionConfig().id();
        return sim.sessions().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** A screenshot of the UI has text, panels and a waveform: many distinct colours and a spread of brightness. */
    private static void assertNotBlank(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(800);
        long n = 0;
        double sum = 0;
        double squares = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb & 0xffffff);
                double luma = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += luma;
                squares += luma * luma;
                n++;
            }
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        assertThat(variance).as("brightness variance of the screenshot").isGreaterThan(50);
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(100);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
