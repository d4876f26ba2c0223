package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real clients nobody here wrote, openai-node's {@code OpenAIRealtimeWS}, the OpenAI Agents SDK's
 * {@code RealtimeSession} and Google's {@code @google/genai} Live client (versions pinned in {@code
 * src/test/node/package.json}), each run a scripted session against the simulator: text turn, tool
 * loop, server-VAD barge-in (the Agents SDK with {@code interrupt()}), cancel; for Gemini Live also
 * resumption on a new connection and an unknown model's refusal. The scripts fail on any {@code
 * error} event, since none of these steps gets one from the live service.
 *
 * <p>Needs {@code node} and {@code npm ci} in {@code src/test/node} (CI's {@code .ci/run} does
 * both). Without them the tests are skipped, unless {@code TAU4J_REQUIRE_NODE=1}: then they fail.
 */
@Timeout(180)
class SdkClientsTest {
    private static final Path DIR = Path.of("src/test/node");

    @BeforeAll
    static void nodeIsThere() {
        boolean ready = Files.isDirectory(DIR.resolve("node_modules/openai")) && Files.isDirectory(DIR.resolve("node_modules/@openai/agents-realtime"))
                && Files.isDirectory(DIR.resolve("node_modules/@google/genai")) && nodeRuns();
        if (!ready && "1".equals(System.getenv("TAU4J_REQUIRE_NODE"))) {
            fail("TAU4J_REQUIRE_NODE=1 but node or the SDKs are missing: run `npm ci` in tau4j-simulator/src/test/node");
        }
        assumeTrue(ready, "node and the SDKs (npm ci in tau4j-simulator/src/test/node) are not installed");
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void openaiNodeRunsAScriptedSessionWithoutErrors() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().pace(Pace.AHEAD).start()) {
            JsonNode result = run("openai-node.mjs", sim);
            assertThat(result.path("steps")).extracting(JsonNode::asText).containsExactly("text", "tool", "barge-in", "cancel");
            assertThat(types(sim)).contains("conversation.item.truncate", "response.cancel", "input_audio_buffer.append");
        }
    }

    @Test
    void agentsSdkRunsAScriptedSessionWithoutErrors() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().pace(Pace.AHEAD).start()) {
            JsonNode result = run("agents-sdk.mjs", sim);
            assertThat(result.path("steps")).extracting(JsonNode::asText).containsExactly("text", "tool", "barge-in", "interrupt");
            assertThat(result.path("toolCalls").asInt()).isEqualTo(1);
            assertThat(types(sim)).contains("conversation.item.truncate", "response.cancel", "input_audio_buffer.append");
        }
    }

    @Test
    void googleGenaiRunsAScriptedGeminiLiveSessionWithoutErrors() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).requiredApiKey("AIza-sim")
                .pace(Pace.REALTIME).start()) {
            JsonNode result = run(sim, "google-genai.mjs", "full");
            assertThat(result.path("steps")).extracting(JsonNode::asText).containsExactly("text", "tool", "barge-in", "resumed", "refused");
            assertThat(types(sim)).contains("setup", "clientContent", "toolResponse", "realtimeInput");
            List<SimulatedSession> sessions = sim.sessions();
            assertThat(sessions.get(1).conversation()).as("the resumed connection continues the first one's conversation")
                    .hasSize(sessions.get(0).conversation().size() + 2);
        }
    }

    @Test
    void googleGenaiReadsServerMessagesInBinaryFrames() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).start()) {
            sim.injectOnNextConnection(Fault.binaryFrames());
            assertThat(run(sim, "google-genai.mjs", "text").path("steps")).extracting(JsonNode::asText).containsExactly("text");
        }
    }

    private static List<String> types(RealtimeSimulator sim) {
        return sim.sessions().stream().flatMap(s -> s.clientEvents().stream()).map(RecordedEvent::type).toList();
    }

    /** Runs {@code script} against {@code sim}; returns its RESULT object after asserting that every check passed. */
    private static JsonNode run(String script, RealtimeSimulator sim) throws Exception {
        return run(sim, script);
    }

    private static JsonNode run(RealtimeSimulator sim, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script, Integer.toString(sim.port())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "could not read the output: " + e;
            }
        }, r -> Thread.ofVirtual().start(r));
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script + " did not finish within 150 s; output so far: " + output.getNow(""));
        }
        String out = output.get(10, TimeUnit.SECONDS);
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElse(null);
        assertThat(line).as(script + " printed a RESULT line; output:\n" + out).isNotNull();
        JsonNode result = Json.parse(line.substring("RESULT ".length()));
        assertThat(result.path("errors")).as(script + ": error events (none expected)\n" + out).isEmpty();
        assertThat(result.path("failures")).as(script + ": failed checks\n" + out).isEmpty();
        assertThat(p.exitValue()).as(script + " exit code; output:\n" + out).isZero();
        return result;
    }
}
