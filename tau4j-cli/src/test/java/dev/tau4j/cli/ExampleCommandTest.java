package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.Wav;
import dev.tau4j.examples.Examples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class ExampleCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ExampleCommand command = cl.getSubcommands().get("example").getCommand();
        command.env = Map.of();
        return cl.execute(args);
    }

    @Test
    void anExampleRunsOfflineAndWritesItsFiles(@TempDir Path dir) throws Exception {
        int code = run("example", "translator", "--pace", "fast", "--out", dir.toString(), "Good", "morning!");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("(offline: the simulator at ws://127.0.0.1:")
                .contains("user:       Good morning!").contains("translator: [de] Good morning!");
        assertThat(Wav.read(dir.resolve("translator.wav")).duration().toMillis()).isPositive();
    }

    @Test
    void anUnknownOrMissingNameListsTheExamples() {
        assertThat(run("example", "karaoke")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no example 'karaoke'");
        Examples.names().forEach(n -> assertThat(err.toString()).contains("./tau example " + n));

        assertThat(run("example")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("which example?");
    }

    @Test
    void aBadArgumentIsAUsageError(@TempDir Path dir) {
        int code = run("example", "tutor", "--pace", "fast", "--out", dir.toString(), dir.resolve("missing.wav").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no such WAV file");
    }
}
