package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.ResponseOptions;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.Tau;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.debug.DebugServer;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Every output channel, with keys of odd shapes that a server echoes back (in the instructions of
 * {@code session.updated}, in an {@code error} message): logs at TAU_LOGGING 0, 1 and 2, exception
 * messages, {@code toString()} of the options and of every event received, the debug stream, the
 * three downloads, and the CLI's stdout and stderr with and without {@code --json}. None shows the
 * key or any 8-character piece of it. Keys an HTTP header cannot carry are refused when options
 * are built, with a message that does not echo them.
 */
@Timeout(120)
class SecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String random(int length, long seed) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Keys of odd shapes: an OpenAI-like one, one without the sk- prefix, 200 characters, non-ASCII. */
    static final Map<String, String> KEYS = Map.of(
            "openai", "sk-proj-" + random(48, 1),
            "no-prefix", random(40, 2),
            "long", random(200, 3),
            "non-ascii", "clé-ÀÉÎÕÜß-" + random(24, 4));

    @ParameterizedTest
    @ValueSource(strings = {"openai", "no-prefix", "long", "non-ascii"})
    void noChannelShowsTheKeyOrAPieceOfIt(String shape) throws Exception {
        String key = KEYS.get(shape);
        boolean ascii = key.chars().allMatch(c -> c < 128);
        List<String> seen = new ArrayList<>();
        try (LogCapture logs = LogCapture.start();
             RealtimeSimulator sim = ascii ? RealtimeSimulator.builder().requiredApiKey(key).start() : RealtimeSimulator.start();
             DebugServer debug = DebugServer.start();
             UiSocket ui = UiSocket.open(debug)) {
            for (int level = 0; level <= 2; level++) {
                TauOptions options = TauOptions.builder().endpoint(sim.url()).apiKey(key).name("secret-" + shape + "-" + level)
                        .logging(level).debug(true).debugUrl(debug.sessionUrl()).build();
                SessionOptions sessionOptions = SessionOptions.builder()
                        .instructions("Echo this: " + key + " and this: " + key.substring(3, 20)).build();
                seen.add(options.toString());
                List<String> events = new CopyOnWriteArrayList<>();
                try (Session session = Tau.createSession(sessionOptions, options)) {
                    session.addListener(new SessionListener() {
                        @Override
                        public void onEvent(Session s, ServerEvent event) {
                            events.add(event.toString());
                        }

                        @Override
                        public void onError(Session s, TauException error) {
                            events.add(error.getMessage());
                            events.add(error.toString());
                        }
                    });
                    seen.add(session.sessionConfig().toString());
                    seen.add(sessionOptions.toString());   // a key is masked while a client using it is open
                    seen.add(ResponseOptions.builder().instructions("again " + key).build().toString());
                    try {
                        session.updateSession(SessionOptions.builder().extra(key.substring(2, 30), "1").build());
                    } catch (TauException expected) {
                        seen.add(expected.getMessage());
                        seen.add(expected.toString());
                    }
                    session.user("my key is " + key.substring(5));
                    seen.add(session.response().toString());
                }
                seen.addAll(events);
                assertThat(events).isNotEmpty();
            }
            ui.awaitEnded(3, WAIT);
            seen.addAll(ui.messages);
            for (String m : ui.messages) {
                seen.add(JSON.readTree(m).toString());
            }
            for (String s : ui.sids()) {
                for (String file : new String[] {"events.jsonl", "output.wav", "input.wav"}) {
                    seen.add(get(debug, "/api/sessions/" + s + "/" + file));
                }
            }
            seen.addAll(logs.lines());
            assertThat(String.join("\n", logs.lines())).contains("response.done");   // level 1 and 2 logged events
        }
        for (boolean json : new boolean[] {false, true}) {
            try (RealtimeSimulator sim = ascii ? RealtimeSimulator.builder().requiredApiKey(key).start() : RealtimeSimulator.start()) {
                // The key in the instructions, which the simulator echoes; not in the prompt: the CLI prints the model's words as they are.
                Run r = say(Map.of("OPENAI_API_KEY", key, "TAU_REALTIME_URL", sim.url().toString()), json,
                        "hello", "--instructions", "the key is " + key);
                assertThat(r.code()).as(r.err()).isZero();
                seen.add(r.out());
                seen.add(r.err());
            }
        }
        try (RealtimeSimulator sim = RealtimeSimulator.builder().requiredApiKey("sk-another-key-entirely").start()) {
            for (boolean json : new boolean[] {false, true}) {
                Run r = say(Map.of("OPENAI_API_KEY", key, "TAU_REALTIME_URL", sim.url().toString()), json, "hello");
                assertThat(r.code()).isNotZero();
                seen.add(r.out());
                seen.add(r.err());
            }
        }
        Set<String> leaks = new LinkedHashSet<>();
        for (String text : seen) {
            Set<String> pieces = pieces(text, key);
            if (!pieces.isEmpty()) {
                leaks.add(pieces + " in: " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void aKeyWithALineBreakIsRefusedBeforeAnythingIsSentAndNeverEchoed() {
        for (String key : new String[] {"sk-proj-" + random(20, 5) + "\r\nX-Evil: 1", "sk-proj-" + random(20, 6) + "\n" + random(8, 11),
            random(16, 7) + "\r" + random(16, 8), "sk-" + random(10, 9) + " " + random(10, 10)}) {
            assertThatThrownBy(() -> TauOptions.builder().apiKey(key).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(pieces(e.getMessage(), key)).isEmpty());
            for (boolean json : new boolean[] {false, true}) {
                Run r = say(Map.of("OPENAI_API_KEY", key, "TAU_REALTIME_URL", "ws://127.0.0.1:9/v1/realtime"), json, "hello");
                assertThat(r.code()).isNotZero();
                assertThat(r.err()).contains("an API key is one line of printable characters");
                assertThat(pieces(r.out() + r.err(), key)).isEmpty();
            }
        }
    }

    record Run(int code, String out, String err) {
    }

    private static Run say(Map<String, String> env, boolean json, String... args) {
        SayCommand say = new SayCommand();
        say.env = env;
        CommandLine cl = Main.configure(new CommandLine(say));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        if (json) {
            all.add("--json");
        }
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** The 8-character pieces of {@code key} in {@code text}. */
    static Set<String> pieces(String text, String key) {
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i + 8 <= key.length(); i++) {
            if (text != null && text.contains(key.substring(i, i + 8))) {
                found.add(key.substring(i, i + 8));
            }
        }
        return found;
    }

    private static String get(DebugServer debug, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + debug.port() + path
                + "?token=" + debug.token())).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return new String(r.body(), StandardCharsets.ISO_8859_1) + "\n" + new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Every record logged under dev.tau4j (the simulator, a test peer, aside), formatted, with its throwable. */
    private static final class LogCapture extends Handler implements AutoCloseable {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("dev.tau4j");
        private final Level previous = logger.getLevel();

        static LogCapture start() {
            LogCapture c = new LogCapture();
            c.logger.setLevel(Level.ALL);
            c.logger.addHandler(c);
            return c;
        }

        List<String> lines() {
            return lines;
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("dev.tau4j.simulator")) {
                return;
            }
            String text = record.getParameters() == null ? record.getMessage()
                    : MessageFormat.format(record.getMessage(), record.getParameters());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text += "\n" + trace;
            }
            lines.add(text);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }
    }

    /** A page's socket to the debug server: every message it gets. */
    private static final class UiSocket implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        private final WebSocket ws;

        private UiSocket(DebugServer debug) throws Exception {
            ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + debug.port() + "/ui?token="
                    + debug.token()), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                messages.add(partial.toString());
                                inbox.add(partial.toString());
                                partial.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        static UiSocket open(DebugServer debug) throws Exception {
            return new UiSocket(debug);
        }

        /** Waits until {@code sessions} sessions ended (their last messages came before). */
        void awaitEnded(int sessions, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            int ended = 0;
            while (ended < sessions) {
                String m = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("only " + ended + " of " + sessions + " sessions ended within " + timeout);
                }
                if ("tau.ended".equals(JSON.readTree(m).path("type").asText())) {
                    ended++;
                }
            }
        }

        /** The sids of the sessions announced. */
        List<String> sids() throws Exception {
            List<String> out = new ArrayList<>();
            for (String m : messages) {
                var n = JSON.readTree(m);
                if ("tau.hello".equals(n.path("type").asText())) {
                    out.add(n.path("sid").asText());
                }
            }
            return out;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
