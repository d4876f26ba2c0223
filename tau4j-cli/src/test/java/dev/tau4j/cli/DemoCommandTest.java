package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.Wav;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class DemoCommandTest {

    @Test
    void theDemoRunsOfflineStreamsTheAnswerAndSavesItsAudio(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("demo.wav");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("demo", "--pace", "fast", "--out", wav.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("user:      " + DemoCommand.QUESTION).contains("assistant: ")
                .contains("saved " + wav).contains("usage: input").contains("estimated cost: $");
        String answer = out.toString().lines().filter(l -> l.startsWith("assistant: ")).findFirst().orElseThrow();
        assertThat(answer.substring("assistant: ".length())).isNotBlank();
        assertThat(Wav.read(wav).duration().toMillis()).isPositive();
    }
}
