package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.audio.Wav;
import dev.tau4j.audio.WavAudio;
import dev.tau4j.simulator.Fault;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.Pace;
import java.io.PrintWriter;
import java.io.Writer;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class SayCommandTest {

    private static RealtimeSimulator keyed;

    @BeforeAll
    static void start() {
        keyed = RealtimeSimulator.builder().requiredApiKey("sk-right").start();
    }

    @AfterAll
    static void stop() {
        keyed.close();
    }

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        SayCommand say = new SayCommand();
        say.env = env;
        CommandLine cl = Main.configure(new CommandLine(say));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonModePrintsExactlyTheContractObjectOffline(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("reply.wav");
        Run r = run(Map.of(), "hello", "--json", "--out", wav.toString(), "--instructions", "Be brief.", "--voice", "marin");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("embedded simulator");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(r.out().strip()).doesNotContain("\n");
        assertThat(json.fieldNames()).toIterable().containsExactly("status", "response_id", "transcript", "audio_ms", "wav",
                "usage", "cost_usd", "reconnects");
        assertThat(json.get("status").asText()).isEqualTo("completed");
        assertThat(json.get("response_id").asText()).startsWith("resp_");
        assertThat(json.get("transcript").asText()).isNotBlank();
        assertThat(json.get("audio_ms").asLong()).isPositive();
        assertThat(json.get("wav").asText()).isEqualTo(wav.toString());
        assertThat(json.get("usage").fieldNames()).toIterable().containsExactly("input_text_tokens", "input_audio_tokens",
                "input_cached_tokens", "output_text_tokens", "output_audio_tokens");
        assertThat(json.at("/usage/output_audio_tokens").asLong()).isPositive();
        assertThat(json.get("cost_usd").isNumber()).isTrue();
        assertThat(json.get("cost_usd").asDouble()).isPositive();
        assertThat(json.get("reconnects").asInt()).isZero();
        WavAudio audio = Wav.read(wav);
        assertThat(audio.format().sampleRate()).isEqualTo(24_000);
        assertThat(audio.duration().toMillis()).isBetween(json.get("audio_ms").asLong() - 1, json.get("audio_ms").asLong() + 1);
    }

    @Test
    void plainModeStreamsTheTranscriptAndPrintsUsageAndCost() {
        Run r = run(Map.of("TAU_REALTIME_URL", keyed.url().toString(), "OPENAI_API_KEY", "sk-right"), "what is the sea?");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("usage: input").contains("estimated cost: $");
        assertThat(r.err()).doesNotContain("embedded simulator");
    }

    @Test
    void plainModeStreamsTheTranscriptWhileTheAnswerIsStillPlaying(@TempDir Path dir) {
        AtomicLong firstWordNanos = new AtomicLong();
        StringWriter text = new StringWriter();
        Writer timed = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                text.write(buf, off, len);
                if (firstWordNanos.get() == 0 && text.toString().contains("You said")) {
                    firstWordNanos.set(System.nanoTime());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (RealtimeSimulator sim = RealtimeSimulator.builder().pace(Pace.REALTIME).start()) {
            SayCommand say = new SayCommand();
            say.env = Map.of();
            CommandLine cl = Main.configure(new CommandLine(say));
            cl.setOut(new PrintWriter(timed));
            cl.setErr(new PrintWriter(new StringWriter()));
            int code = cl.execute("tell me about the sea", "--url", sim.url().toString(), "--out", dir.resolve("a.wav").toString());
            long endNanos = System.nanoTime();

            assertThat(code).as(text.toString()).isZero();
            Matcher saved = Pattern.compile("\\((\\d+) ms of audio\\)").matcher(text.toString());
            assertThat(saved.find()).as(text.toString()).isTrue();
            long audioMs = Long.parseLong(saved.group(1));
            assertThat(audioMs).isGreaterThan(1000);
            assertThat(firstWordNanos.get()).isPositive();
            assertThat((endNanos - firstWordNanos.get()) / 1_000_000).as("ms between the first words and the end")
                    .isGreaterThan(audioMs / 2);
        }
    }

    @Test
    void aRejectedKeyExitsThreeWithOneLineAndAJsonErrorAndNoKey() throws Exception {
        Run r = run(Map.of("OPENAI_API_KEY", "sk-wrong-secret-999999"), "hi", "--url", keyed.url().toString(), "--json");
        assertThat(r.code()).isEqualTo(ExitCodes.SERVER);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("tau: ").contains("invalid_api_key").contains("check OPENAI_API_KEY")
                .doesNotContain("sk-wrong-secret-999999").doesNotContain("TauOptions");
        assertThat(r.out().strip()).doesNotContain("\n").doesNotContain("sk-wrong-secret-999999");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.fieldNames()).toIterable().containsExactly("status", "error", "exit_code");
        assertThat(json.get("status").asText()).isEqualTo("error");
        assertThat(json.at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(r.err().strip()).isEqualTo("tau: " + json.at("/error/message").asText());
        assertThat(json.get("exit_code").asInt()).isEqualTo(ExitCodes.SERVER);
    }

    @Test
    void withoutJsonARejectedKeyPrintsNothingOnStdout() {
        Run r = run(Map.of("OPENAI_API_KEY", "sk-wrong-secret-999999"), "hi", "--url", keyed.url().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.SERVER);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void anUnreachableServerExitsFour() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run(Map.of(), "hi", "--url", "ws://127.0.0.1:" + port + "/v1/realtime", "--json");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).startsWith("tau: ");
    }

    @Test
    void aConnectionLostMidAnswerIsRecoveredAndCounted() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            sim.injectOnNextConnection(Fault.drop().afterAudioDeltas(3));
            Run r = run(Map.of(), "tell me about the sea", "--url", sim.url().toString(), "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.get("status").asText()).isEqualTo("completed");
            assertThat(json.get("reconnects").asInt()).isEqualTo(1);
            assertThat(sim.sessions()).hasSize(2);
        }
    }

    @Test
    void withNoRecoverALostConnectionExitsFour() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.start()) {
            sim.injectOnNextConnection(Fault.drop().afterAudioDeltas(3));
            Run r = run(Map.of(), "tell me about the sea", "--url", sim.url().toString(), "--json", "--no-recover");
            assertThat(r.code()).isEqualTo(4);
            assertThat(new ObjectMapper().readTree(r.out()).get("exit_code").asInt()).isEqualTo(4);
            assertThat(r.err()).startsWith("tau: ").contains("1006");
            assertThat(sim.sessions()).hasSize(1);
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(run(Map.of()).code()).isEqualTo(2);
        assertThat(run(Map.of(), "hi", "--url", "http://not-a-websocket").code()).isEqualTo(2);
        Run blank = run(Map.of(), " ", "--json");
        assertThat(blank.code()).isEqualTo(2);
        assertThat(new ObjectMapper().readTree(blank.out()).get("exit_code").asInt()).isEqualTo(2);
    }

    @Test
    void theWholeCommandLineListsEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        for (String command : List.of("demo", "say", "simulator", "audio", "cost")) {
            assertThat(out.toString()).contains(command);
        }
    }
}
