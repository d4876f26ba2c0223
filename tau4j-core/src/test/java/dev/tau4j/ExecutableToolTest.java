package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.internal.tools.ToolSchema;
import dev.tau4j.simulator.FunctionCall;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimItem;
import dev.tau4j.simulator.SimulatedSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Automatic tool execution against the simulator over a real socket: the contract of {@link ExecutableTool}. */
@Timeout(30)
class ExecutableToolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    record City(@Description("the city, e.g. Paris") String city) { }

    record Weather(int tempC, String conditions) { }

    enum Room { KITCHEN, HALL }

    record Lights(Room room) { }

    record Dice(int sides) { }

    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<LogRecord> warnings = new LinkedBlockingQueue<>();
    private final Logger log = Logger.getLogger("dev.tau4j");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RealtimeSimulator sim;
    private TauClient client;
    private Session session;

    @BeforeEach
    void start() {
        log.addHandler(handler);
        sim = RealtimeSimulator.start();
        client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-test").build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
        log.removeHandler(handler);
    }

    private Session open(SessionOptions.Builder options) {
        session = client.connect(options.turnDetection(TurnDetection.disabled()).build());
        session.addListener(new SessionListener() {
            @Override
            public void onResponse(Session s, Response r) {
                responses.add(r);
            }
        });
        return session;
    }

    private static ExecutableTool<City> weather(AtomicReference<String> askedFor) {
        return ExecutableTool.of("get_weather", "Current weather in a city", City.class, q -> {
            askedFor.set(q.city() + (Thread.currentThread().isVirtual() ? " on a virtual thread" : " on a platform thread"));
            return new Weather(18, "light rain");
        });
    }

    @Test
    void toolsOfTheSessionOptionsAreSentInSessionUpdateWithTheGeneratedSchema() throws Exception {
        open(SessionOptions.builder().tool(weather(new AtomicReference<>())).toolChoice(ToolChoice.AUTO));

        JsonNode tool = Json.MAPPER.readTree(server().configJson()).path("tools").path(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("description").asText()).isEqualTo("Current weather in a city");
        assertThat(tool.path("parameters")).isEqualTo(Json.MAPPER.readTree(ToolSchema.of(City.class)));
        assertThat(tool.path("parameters").path("properties").path("city").path("description").asText())
                .isEqualTo("the city, e.g. Paris");
    }

    @Test
    void aCallRunsTheToolSendsItsOutputAndAsksForAFollowUp() throws Exception {
        AtomicReference<String> askedFor = new AtomicReference<>();
        open(SessionOptions.builder().tool(weather(askedFor)));
        sim.enqueue(Reply.functionCall("get_weather", "{\"city\":\"Paris\"}"));

        session.user("What's the weather in Paris?");
        Response call = session.response();
        assertThat(call.functionCalls()).extracting(dev.tau4j.FunctionCall::name).containsExactly("get_weather");
        assertThat(next()).isSameAs(call);

        Response followUp = next();
        assertThat(followUp.transcript()).isEqualTo("Done: {\"tempC\":18,\"conditions\":\"light rain\"}");
        assertThat(askedFor.get()).isEqualTo("Paris on a virtual thread");
        SimItem output = server().conversation().stream().filter(i -> i.type().equals("function_call_output"))
                .findFirst().orElseThrow();
        assertThat(output.callId()).isEqualTo(call.functionCalls().getFirst().callId());
        List<RecordedEvent> creates = clientEvents("response.create");
        assertThat(creates).hasSize(2);
        assertThat(Json.MAPPER.readTree(creates.get(1).json()).path("response").path("tool_choice").asText()).isEqualTo("auto");
        assertThat(warnings).isEmpty();
    }

    @Test
    void argumentsThatDoNotFitAreToldToTheModelAndLogged() throws Exception {
        AtomicReference<String> askedFor = new AtomicReference<>();
        open(SessionOptions.builder().tool(weather(askedFor)));
        sim.enqueue(Reply.functionCall("get_weather", "{\"town\":\"Paris\"}"));

        session.user("Weather?");
        session.response();
        next();

        assertThat(next().transcript())
                .isEqualTo("Done: {\"error\":\"invalid_arguments\",\"message\":\"missing required 'city'\"}");
        assertThat(askedFor.get()).isNull();
        assertThat(warning().getMessage()).contains("get_weather").contains("missing required 'city'");
    }

    @Test
    void anExceptionOfTheToolIsToldToTheModelAndLogged() throws Exception {
        open(SessionOptions.builder().tool(ExecutableTool.of("get_weather", "Weather", City.class, q -> {
            throw new IllegalStateException("the weather service is down");
        })));
        sim.enqueue(Reply.functionCall("get_weather", "{\"city\":\"Oslo\"}"));

        session.user("Weather in Oslo?");
        session.response();
        next();

        assertThat(next().transcript()).isEqualTo("Done: {\"error\":\"tool_failed\",\"message\":\"get_weather failed:"
                + " IllegalStateException: the weather service is down\"}");
        LogRecord warning = warning();
        assertThat(warning.getMessage()).contains("tool get_weather failed");
        assertThat(warning.getThrown()).hasMessage("the weather service is down");
    }

    @Test
    void aToolRunningPastItsTimeoutIsInterruptedAndReported() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        open(SessionOptions.builder().tool(ExecutableTool.of("get_weather", "Weather", City.class, q -> blockUntilInterrupted(
                new CountDownLatch(1), interrupted)).withTimeout(Duration.ofMillis(200))));
        sim.enqueue(Reply.functionCall("get_weather", "{\"city\":\"Oslo\"}"));

        session.user("Weather in Oslo?");
        session.response();
        next();

        assertThat(next().transcript())
                .isEqualTo("Done: {\"error\":\"timeout\",\"message\":\"get_weather did not finish within 200 ms\"}");
        assertThat(interrupted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(warning().getMessage()).contains("get_weather did not finish within 200 ms");
    }

    @Test
    void whenTheUserBargesInARunningToolIsCancelledAndNoFollowUpIsAskedFor() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        session = client.connect(SessionOptions.builder()   // server VAD on: the simulator hears the speech
                .tool(ExecutableTool.of("book_table", "Books a table", ExecutableTool.NoArguments.class,
                        none -> blockUntilInterrupted(started, interrupted)))
                .build());
        sim.enqueue(Reply.functionCall("book_table", "{}"));
        session.user("Book a table.");
        Response call = session.response();
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(session.appendInputAudio(SimAudio.speech(Duration.ofMillis(400)))).isTrue();

        assertThat(interrupted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        RecordedEvent output = clientEvent("conversation.item.create", "function_call_output");
        assertThat(Json.MAPPER.readTree(output.json()).path("item").path("output").asText())
                .isEqualTo("{\"error\":\"cancelled\",\"message\":\"book_table was stopped: the user started speaking\"}");
        assertThat(Json.MAPPER.readTree(output.json()).path("item").path("call_id").asText())
                .isEqualTo(call.functionCalls().getFirst().callId());
        // Our own response goes through: no follow-up was asked for in between (it would be refused as a second
        // active response, or be counted here).
        session.clearInputAudio();
        session.user("Never mind.");
        assertThat(session.response().transcript()).isEqualTo("You said: Never mind.");
        assertThat(clientEvents("response.create")).hasSize(2);
    }

    @Test
    void twoCallsInOneResponseRunInParallelAndGetOneFollowUp() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        open(SessionOptions.builder()
                .tool(ExecutableTool.of("turn_lights_on", "Lights on", Lights.class, l -> meet(bothRunning, "lights on in " + l.room())))
                .tool(ExecutableTool.of("play_music", "Music", () -> meet(bothRunning, "music playing"))));
        sim.enqueue(Reply.of(null, new FunctionCall("turn_lights_on", "{\"room\":\"kitchen\"}"),
                new FunctionCall("play_music", "{}")));

        session.user("Lights and music, please.");
        Response call = session.response();
        assertThat(call.functionCalls()).hasSize(2);
        next();

        assertThat(next().transcript()).isEqualTo("Done: music playing (met the other tool)");
        assertThat(server().conversation().stream().filter(i -> i.type().equals("function_call_output")).map(SimItem::output))
                .containsExactly("lights on in KITCHEN (met the other tool)", "music playing (met the other tool)");
        assertThat(clientEvents("response.create")).hasSize(2);
    }

    @Test
    void callsLeftToTheApplicationOrToolsWithoutFollowUpGetNoFollowUp() throws Exception {
        open(SessionOptions.builder()
                .tool(weather(new AtomicReference<>()))
                .tool(ExecutableTool.of("turn_lights_on", "Lights on", Lights.class, l -> "on").withFollowUp(false))
                .tool(Tool.of("send_email", "Sends an email; the application runs it")));
        sim.enqueue(Reply.of(null, new FunctionCall("get_weather", "{\"city\":\"Rome\"}"), new FunctionCall("send_email", "{}")));
        sim.enqueue(Reply.functionCall("turn_lights_on", "{\"room\":\"HALL\"}"));

        session.user("Weather, and mail it.");
        session.response();
        clientEvent("conversation.item.create", "function_call_output");
        session.user("Lights on in the hall.");
        session.response();
        clientEvent("conversation.item.create", "function_call_output");

        session.user("Thanks.");
        assertThat(session.response().transcript()).isEqualTo("You said: Thanks.");
        assertThat(clientEvents("response.create")).hasSize(3);
    }

    @Test
    void toolsOfOneResponseRunForThatResponse() throws Exception {
        open(SessionOptions.builder());
        sim.enqueue(Reply.functionCall("roll_dice", "{\"sides\":6}"));
        ExecutableTool<Dice> dice = ExecutableTool.of("roll_dice", "Rolls a die", Dice.class, d -> "rolled " + d.sides());

        session.user("Roll a die.");
        Response call = session.response(ResponseOptions.builder().tool(dice).toolChoice(ToolChoice.REQUIRED).build());
        assertThat(next()).isSameAs(call);

        assertThat(next().transcript()).isEqualTo("Done: rolled 6");
        JsonNode request = Json.MAPPER.readTree(clientEvents("response.create").getFirst().json()).path("response");
        assertThat(request.path("tools").path(0).path("name").asText()).isEqualTo("roll_dice");
    }

    @Test
    void aLongRunningToolBlocksNeitherEventsNorOtherResponses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        open(SessionOptions.builder().tool(ExecutableTool.of("slow_search", "Searches slowly", City.class, q -> {
            try {
                return release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS) ? "found " + q.city() : "gave up";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        })));
        sim.enqueue(Reply.functionCall("slow_search", "{\"city\":\"Lima\"}"));
        session.user("Search Lima.");
        session.response();
        next();

        Response aside = session.response(ResponseOptions.builder().outOfBand(true).instructions("Say hi.").build());
        assertThat(aside.isCompleted()).isTrue();
        assertThat(next()).isSameAs(aside);
        release.countDown();

        assertThat(next().transcript()).isEqualTo("Done: found Lima");
    }

    @Test
    void aToolMustBeDeclaredAmongTheToolsItRunsFor() {
        ExecutableTool<City> tool = weather(new AtomicReference<>());
        SessionOptions options = SessionOptions.builder().tool(tool).build();
        assertThat(options.tools()).containsExactly(tool.tool());
        assertThat(options.executableTools()).containsExactly(tool);
        assertThat(options.toBuilder().tools(List.of()).build().executableTools()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SessionOptions(null, null, null, null, null, null,
                null, null, null, null, null, null, null, List.of(tool)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'get_weather' is not among the tools");
    }

    private static String blockUntilInterrupted(CountDownLatch started, CountDownLatch interrupted) {
        started.countDown();
        try {
            new CountDownLatch(1).await(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
            return "never interrupted";
        } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String meet(CountDownLatch both, String result) {
        both.countDown();
        try {
            return result + (both.await(WAIT.toMillis(), TimeUnit.MILLISECONDS) ? " (met the other tool)" : " (ran alone)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result + " (interrupted)";
        }
    }

    private Response next() throws InterruptedException {
        Response r = responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("a response within " + WAIT).isNotNull();
        return r;
    }

    private LogRecord warning() throws InterruptedException {
        LogRecord r = warnings.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("a warning within " + WAIT).isNotNull();
        return r;
    }

    private SimulatedSession server() {
        String id = session.sessionConfig().id();
        return sim.sessions().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private List<RecordedEvent> clientEvents(String type) {
        return server().clientEvents().stream().filter(e -> type.equals(e.type())).toList();
    }

    /** The next client event of {@code type} whose JSON contains {@code text}, waiting for it. */
    private RecordedEvent clientEvent(String type, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RecordedEvent e;
        while ((e = sim.takeClientEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null) {
            if (type.equals(e.type()) && e.json().contains(text)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " containing " + text + " within " + WAIT);
    }
}
