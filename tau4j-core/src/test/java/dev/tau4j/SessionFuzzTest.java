package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.internal.codec.FrameMutator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a live session's whole frame handling: a session connected over loopback to a scripted
 * server that answers each {@code response.create} with a response whose frames are mutants of the
 * real captures ({@link FrameMutator}, ids pointed at the live response), closed by a clean
 * {@code response.done}. Nothing may escape but typed errors delivered to {@code onError}; no
 * malformed frame may cost the connection (zero reconnects); every call ends within its timeout
 * (the response timeout is 3 s here: a malformed {@code response.done} of the live response may
 * leave its call to that timeout until the engine fails such calls at once).
 *
 * <p>The build runs {@code tau4j.fuzz.session.rounds} responses (default 150) of up to 64 mutated
 * frames each, at most {@code tau4j.fuzz.seconds} seconds (default 25); a long local run:
 * <pre>
 * ./mvnw -B -o -pl tau4j-core -am verify -Dtest=SessionFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtau4j.fuzz.session.rounds=20000 -Dtau4j.fuzz.seconds=0 -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
@Timeout(60)
class SessionFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_WAIT = Duration.ofSeconds(6);

    @Test
    void mutatedFramesCostTheSessionNeitherItsConnectionNorACallNorAnUntypedError() throws Exception {
        long rounds = Long.getLong("tau4j.fuzz.session.rounds", 150);
        long seconds = Long.getLong("tau4j.fuzz.seconds", 25);
        long seed = Long.getLong("tau4j.fuzz.seed", 14);
        FrameMutator mutator = new FrameMutator(FrameMutator.captureFrames(), seed);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        try (LoopbackWebSocket server = LoopbackWebSocket.start(c -> serve(c, mutator, random, sent))) {
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<SessionState> states = new CopyOnWriteArrayList<>();
            TauOptions options = TauOptions.builder().endpoint("ws://127.0.0.1:" + server.port() + "/v1/realtime")
                    .apiKey("sk-fuzz").name("fuzzed").responseTimeout(Duration.ofSeconds(3)).build();
            try (Session session = Tau.createSession(SessionOptions.DEFAULTS, options)) {
                session.addListener(new SessionListener() {
                    @Override
                    public void onError(Session s, TauException error) {
                        errors.add(error);
                    }

                    @Override
                    public void onStateChange(Session s, SessionState previous, SessionState current) {
                        states.add(current);
                    }
                });
                long deadline = seconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                long start = System.nanoTime();
                long completed = 0;
                long failedTyped = 0;
                Map<String, Long> failures = new TreeMap<>();
                long run = 0;
                for (; run < rounds && System.nanoTime() < deadline; run++) {
                    CompletableFuture<Response> result = session.requestResponse(ResponseOptions.DEFAULTS).result().toCompletableFuture();
                    try {
                        result.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        completed++;
                    } catch (TimeoutException e) {
                        throw new AssertionError("call " + run + " hung (seed " + seed + ")", e);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).as("call " + run + " failed untyped (seed " + seed + ")").isInstanceOf(TauException.class);
                        failedTyped++;
                        failures.merge(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage().replaceAll(":.*", ""),
                                1L, Long::sum);
                    }
                    assertThat(session.state()).as("after round " + run).isEqualTo(SessionState.OPEN);
                }
                // A malformed frame fails the response it names (at once, typed); one the server leaves alone completes.
                assertThat(session.response(ResponseOptions.builder().metadata("fuzz", "clean").build()).isCompleted())
                        .as("a clean response after the fuzzing").isTrue();
                Map<String, Long> kinds = new TreeMap<>();
                errors.forEach(e -> kinds.merge(e.getClass().getSimpleName(), 1L, Long::sum));
                System.out.printf("SessionFuzzTest: seed %d, %d responses (%d frames) in %.1f s: %d completed, %d failed typed;"
                        + " onError %s; calls failed with %s%n", seed, run, sent.getOrDefault("frames", 0L), (System.nanoTime() - start) / 1e9,
                        completed, failedTyped, kinds, failures);
                assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(TauException.class));
                assertThat(errors).as("malformed frames are reported").isNotEmpty();
                assertThat(states).doesNotContain(SessionState.RECONNECTING, SessionState.FAILED);
                assertThat(session.recoveryStats().reconnects()).isZero();
            }
            assertThat(server.accepted()).as("connections: a malformed frame never costs the connection").isEqualTo(1);
            assertThat(server.failures).isEmpty();
        }
    }

    /** The scripted server: session.created, then for each response.create a mutated response. */
    private static void serve(LoopbackWebSocket.Connection c, FrameMutator mutator, SplittableRandom random,
            Map<String, Long> sent) throws Exception {
        c.send("{\"type\":\"session.created\",\"event_id\":\"event_0\",\"session\":{\"type\":\"realtime\","
                + "\"object\":\"realtime.session\",\"id\":\"sess_fuzz\",\"model\":\"gpt-realtime\",\"output_modalities\":[\"audio\"]}}");
        int responses = 0;
        String message;
        while ((message = c.receive(Duration.ofMinutes(5))) != null) {
            JsonNode m = JSON.readTree(message);
            if (!"response.create".equals(m.path("type").asText())) {
                continue;
            }
            String id = "resp_" + ++responses;
            ObjectNode created = JSON.createObjectNode().put("type", "response.created").put("event_id", "event_c" + responses);
            ObjectNode response = created.putObject("response").put("object", "realtime.response").put("id", id)
                    .put("status", "in_progress");
            response.set("metadata", m.path("response").path("metadata"));
            response.putArray("output");
            c.send(JSON.writeValueAsString(created));
            int frames;
            synchronized (random) {
                frames = "clean".equals(m.path("response").path("metadata").path("fuzz").asText()) ? 0 : 1 + random.nextInt(64);
            }
            for (int i = 0; i < frames; i++) {
                String frame;
                synchronized (mutator) {
                    frame = mutator.mutate(pointedAt(mutator.seed(random.nextInt(mutator.seedCount())), id));
                }
                c.send(frame);
            }
            sent.merge("frames", (long) frames, Long::sum);
            c.send("{\"type\":\"response.done\",\"event_id\":\"event_d" + responses + "\",\"response\":{\"object\":"
                    + "\"realtime.response\",\"id\":\"" + id + "\",\"status\":\"completed\",\"output\":[],\"usage\":"
                    + "{\"total_tokens\":2,\"input_tokens\":1,\"output_tokens\":1}}}");
        }
    }

    /** {@code frame} with its response id (and a response object's id) set to {@code id}, so it reaches the live response. */
    private static String pointedAt(String frame, String id) throws Exception {
        JsonNode n = JSON.readTree(frame);
        if (n instanceof ObjectNode o) {
            if (o.has("response_id")) {
                o.put("response_id", id);
            }
            if (o.path("response") instanceof ObjectNode r) {
                r.put("id", id);
            }
        }
        return JSON.writeValueAsString(n);
    }
}
