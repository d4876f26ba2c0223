package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tau example NAME --provider P} runs the example offline on the simulator's dialect for P.
 * The wiring is what is tested here, with one example per provider; every example on every
 * provider is {@code ExamplesOnEveryProviderTest} in tau4j-examples.
 */
@Timeout(120)
class ExampleProvidersTest {

    @ParameterizedTest
    @CsvSource({"translator,openai", "translator,azure", "tutor,xai", "assistant,gemini"})
    void theExampleRunsOnTheProvidersDialect(String example, String provider, @TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ExampleCommand command = cl.getSubcommands().get("example").getCommand();
        command.env = Map.of();
        int code = cl.execute("example", example, "--provider", provider, "--pace", "fast", "--out", dir.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains(provider.equals("openai") ? "plays the model" : "speaking " + provider + "'s protocol");
    }
}
