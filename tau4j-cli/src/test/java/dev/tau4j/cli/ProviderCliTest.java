package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.SimDialect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --provider} on say and demo: each runs on the simulator's dialect for the provider, or on a given URL. */
@Timeout(60)
class ProviderCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"openai", "azure", "xai", "gemini"})
    void sayRunsOfflineOnTheProvidersDialectWithTheSameJsonContract(String provider) throws Exception {
        SayCommandTest.Run r = SayCommandTest.run(Map.of(), "hello", "--json", "--provider", provider);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("embedded simulator");
        if (!provider.equals("openai")) {
            assertThat(r.err()).contains(provider + " dialect");
        }
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.fieldNames()).toIterable().containsExactly("status", "response_id", "transcript", "audio_ms", "wav",
                "usage", "cost_usd", "reconnects");
        assertThat(json.get("status").asText()).isEqualTo("completed");
        assertThat(json.at("/usage/output_audio_tokens").asLong()).isPositive();
    }

    @Test
    void sayTalksToAnAzureEndpointWithTheKeyFromItsVariableAndTheUrlVerbatim() throws Exception {
        try (RealtimeSimulator azure = RealtimeSimulator.builder().dialect(SimDialect.AZURE).requiredApiKey("az-key-1").start()) {
            SayCommandTest.Run ok = SayCommandTest.run(Map.of("AZURE_OPENAI_API_KEY", "az-key-1"), "hello", "--json",
                    "--provider", "azure", "--model", "my-deployment", "--url", azure.url() + "?model=my-deployment");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(JSON.readTree(ok.out()).get("status").asText()).isEqualTo("completed");
            assertThat(azure.sessions()).hasSize(1);

            SayCommandTest.Run bad = SayCommandTest.run(Map.of("AZURE_OPENAI_API_KEY", "az-wrong-2"), "hello", "--json",
                    "--provider", "azure", "--url", azure.url().toString());
            assertThat(bad.code()).isNotZero();
            JsonNode error = JSON.readTree(bad.out());
            assertThat(error.get("status").asText()).isEqualTo("error");
            assertThat(error.at("/error/code").asText()).isEqualTo("http_401");
            assertThat(bad.out() + bad.err()).doesNotContain("az-wrong-2");
        }
    }

    @Test
    void sayTalksToAGeminiEndpointWithTheKeyFromGeminiOrGoogleApiKey() throws Exception {
        try (RealtimeSimulator gemini = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).requiredApiKey("g-key-1").start()) {
            SayCommandTest.Run ok = SayCommandTest.run(Map.of("GOOGLE_API_KEY", "g-key-1"), "hello", "--json",
                    "--provider", "gemini", "--url", gemini.url().toString());
            assertThat(ok.code()).as(ok.err()).isZero();
            JsonNode json = JSON.readTree(ok.out());
            assertThat(json.get("status").asText()).isEqualTo("completed");
            assertThat(json.get("cost_usd").asDouble()).as("priced per token").isPositive();
            assertThat(gemini.sessions()).hasSize(1);

            SayCommandTest.Run bad = SayCommandTest.run(Map.of("GEMINI_API_KEY", "g-wrong-2", "GOOGLE_API_KEY", "g-key-1"),
                    "hello", "--json", "--provider", "gemini", "--url", gemini.url().toString());
            assertThat(bad.code()).as("GEMINI_API_KEY comes first").isNotZero();
            JsonNode error = JSON.readTree(bad.out());
            assertThat(error.get("status").asText()).isEqualTo("error");
            assertThat(error.toString()).contains("GEMINI_API_KEY");
            assertThat(bad.out() + bad.err()).doesNotContain("g-wrong-2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"azure", "xai", "gemini"})
    void theDemoRunsOnTheProvidersDialect(String provider, @TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("demo", "--pace", "fast", "--provider", provider, "--out", dir.resolve("d.wav").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains(provider + " dialect");
        assertThat(out.toString()).contains("assistant: ").contains("usage: input");
    }
}
