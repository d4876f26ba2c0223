package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every server event type the real captures hold, with each field the engine requires removed, or
 * given a value of the wrong type, sent in the middle of a response: the session reports a
 * {@link ProtocolException} through {@code onError}, the connection stays up (no reconnect), and
 * a call waiting on that response fails at once with that exception (well before the response
 * timeout). Frames come from {@code testdata/captures}; the required fields are the engine's
 * contract (see {@code EventChecks}), written out here as the event spec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MalformedEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields the engine needs per server event type, as JSON pointers. */
    private static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("error", List.of("/error"));
        REQUIRED.put("session.updated", List.of("/session"));
        REQUIRED.put("conversation.item.added", List.of("/item", "/item/id"));
        REQUIRED.put("conversation.item.done", List.of("/item", "/item/id"));
        REQUIRED.put("conversation.item.truncated", List.of("/item_id"));
        REQUIRED.put("conversation.item.input_audio_transcription.completed", List.of("/item_id"));
        REQUIRED.put("input_audio_buffer.committed", List.of("/item_id"));
        REQUIRED.put("response.done", List.of("/response", "/response/id"));
        REQUIRED.put("response.output_item.added", List.of("/response_id", "/item", "/item/id"));
        REQUIRED.put("response.output_item.done", List.of("/response_id", "/item", "/item/id"));
        REQUIRED.put("response.content_part.added", List.of("/response_id"));
        REQUIRED.put("response.content_part.done", List.of("/response_id"));
        REQUIRED.put("response.output_audio.delta", List.of("/response_id", "/delta"));
        REQUIRED.put("response.output_audio.done", List.of("/response_id"));
        REQUIRED.put("response.output_audio_transcript.delta", List.of("/response_id", "/delta"));
        REQUIRED.put("response.output_audio_transcript.done", List.of("/response_id"));
        REQUIRED.put("response.output_text.delta", List.of("/response_id", "/delta"));
        REQUIRED.put("response.output_text.done", List.of("/response_id"));
        REQUIRED.put("response.function_call_arguments.delta", List.of("/response_id"));
        REQUIRED.put("response.function_call_arguments.done", List.of("/response_id", "/item_id", "/arguments"));
    }

    /** One malformed frame: what was done to which field of which event type. */
    record Case(String type, String mutation, String frame) {
        @Override
        public String toString() {
            return type + " " + mutation;
        }
    }

    private ScriptedServer server;
    /** The frame to send after the next response.created, with {@code RESP_ID} standing for its id. */
    private final BlockingQueue<String> nextFrame = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() {
        server = new ScriptedServer((responseId, create) -> {
            String frame = nextFrame.poll();
            return frame == null ? List.of() : List.of(frame.replace("RESP_ID", responseId));
        });
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    Stream<Case> cases() throws IOException {
        Map<String, ObjectNode> samples = new LinkedHashMap<>();
        Path captures = Path.of("..", "testdata", "captures");
        try (Stream<Path> files = Files.list(captures)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("openai_ga")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode l = line.isBlank() ? null : JSON.readTree(line);
                    if (l != null && "server".equals(l.path("dir").asText()) && l.path("event").isObject()) {
                        samples.putIfAbsent(l.path("event").path("type").asText(), (ObjectNode) l.path("event"));
                    }
                }
            }
        }
        assertThat(samples.keySet()).as("server event types in the captures").containsAll(REQUIRED.keySet());
        List<Case> cases = new ArrayList<>();
        REQUIRED.forEach((type, fields) -> {
            for (String pointer : fields) {
                ObjectNode missing = withResponseId(samples.get(type).deepCopy());
                remove(missing, pointer);
                cases.add(new Case(type, "without " + pointer, missing.toString()));
                ObjectNode wrong = withResponseId(samples.get(type).deepCopy());
                JsonNode old = wrong.at(pointer);
                set(wrong, pointer, old.isTextual() ? JSON.getNodeFactory().numberNode(42)
                        : JSON.getNodeFactory().textNode("not-an-object"));
                cases.add(new Case(type, pointer + " of the wrong type", wrong.toString()));
            }
        });
        return cases.stream();
    }

    /** Points the sample at the response under way (its id as the script will know it). */
    private static ObjectNode withResponseId(ObjectNode event) {
        if (event.has("response_id")) {
            event.put("response_id", "RESP_ID");
        }
        if (event.path("response").isObject()) {
            ((ObjectNode) event.path("response")).put("id", "RESP_ID");
        }
        return event;
    }

    private static void remove(ObjectNode root, String pointer) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : root.at(pointer.substring(0, cut));
        ((ObjectNode) parent).remove(pointer.substring(cut + 1));
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : root.at(pointer.substring(0, cut));
        ((ObjectNode) parent).set(pointer.substring(cut + 1), value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aMalformedEventIsReportedAndFailsItsResponseAtOnceWithoutReconnecting(Case c) throws Exception {
        BlockingQueue<TauException> errors = new LinkedBlockingQueue<>();
        TauOptions options = TauOptions.builder().endpoint(server.url()).apiKey("sk-test")
                .responseTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(10)).build();
        int connectionsBefore = server.connections();
        try (TauClient client = TauClient.create(options); Session s = client.connect(SessionOptions.DEFAULTS)) {
            s.addListener(new SessionListener() {
                @Override
                public void onError(Session session, TauException error) {
                    errors.add(error);
                }
            });
            nextFrame.add(c.frame());
            long started = System.nanoTime();
            boolean responseScoped = c.type().startsWith("response.");
            if (responseScoped) {
                assertThatThrownBy(s::response).as("the waiting response() of " + c).isInstanceOf(ProtocolException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed at once, not at the timeout")
                        .isLessThan(Duration.ofSeconds(30));
            } else {
                s.requestResponse(ResponseOptions.DEFAULTS);
            }
            TauException reported = errors.poll(10, TimeUnit.SECONDS);
            assertThat(reported).as("onError for " + c).isInstanceOf(ProtocolException.class);
            // The connection is still up: a call round-trips on it, and nothing reconnected.
            assertThat(s.user("still there?").id()).isNotNull();
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
            assertThat(s.recoveryStats().reconnects()).isZero();
            assertThat(server.connections()).isEqualTo(connectionsBefore + 1);
        }
    }

    @Test
    void anUnreadableResponseCreatedFailsTheRequestItAnswersAtOnceAndNothingIsAskedForAgain() throws Exception {
        TauOptions options = TauOptions.builder().endpoint(server.url()).apiKey("sk-test")
                .responseTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(10)).build();
        int connectionsBefore = server.connections();
        int createsBefore = server.responseCreates();
        server.reshapeCreated(created -> {
            ((ObjectNode) created.path("response")).put("status", 42);
            return created;
        });
        try (TauClient client = TauClient.create(options); Session s = client.connect(SessionOptions.DEFAULTS)) {
            long started = System.nanoTime();
            assertThatThrownBy(s::response).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("'status' must be a string");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed at once, not at a stall or the timeout")
                    .isLessThan(Duration.ofSeconds(10));
            server.reshapeCreated(UnaryOperator.identity());
            assertThat(s.user("still there?").id()).isNotNull();
            assertThat(s.recoveryStats().reconnects()).isZero();
            assertThat(server.connections()).isEqualTo(connectionsBefore + 1);
            assertThat(server.responseCreates()).as("asked for once, never again").isEqualTo(createsBefore + 1);
        } finally {
            server.reshapeCreated(UnaryOperator.identity());
        }
    }
}
