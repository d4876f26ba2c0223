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
 * {@code tau example NAME --provider P}: each of the five examples runs offline on the simulator's
 * dialect for P: Azure and Gemini Live (which answers OpenAI voices in its default one). Not xAI:
 * the examples choose OpenAI voices, which xAI (and its simulated dialect) refuses.
 */
@Timeout(120)
class ExampleProvidersTest {

    @ParameterizedTest
    @CsvSource({"translator,azure", "vocaloid,azure", "tutor,azure", "assistant,azure", "ensemble,azure",
            "translator,gemini", "vocaloid,gemini", "tutor,gemini", "assistant,gemini", "ensemble,gemini"})
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
        assertThat(out.toString()).contains("speaking " + provider + "'s protocol");
    }
}
