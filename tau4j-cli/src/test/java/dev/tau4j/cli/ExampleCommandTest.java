package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.audio.Wav;
import dev.tau4j.examples.Examples;
import java.io.PrintWriter;
import java.io.Writer;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
    void theTranscriptStreamsWhileTheAnswerIsStillPlaying(@TempDir Path dir) throws Exception {
        AtomicLong firstWordsNanos = new AtomicLong();
        StringBuilder text = new StringBuilder();
        Writer timed = new Writer() {
            @Override
            public synchronized void write(char[] buf, int off, int len) {
                text.append(buf, off, len);
                if (firstWordsNanos.get() == 0 && text.indexOf("translator: [de]") >= 0) {
                    firstWordsNanos.set(System.nanoTime());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(timed));
        cl.setErr(new PrintWriter(err));
        ((ExampleCommand) cl.getSubcommands().get("example").getCommand()).env = Map.of();

        int code = cl.execute("example", "translator", "--pace", "realtime", "--out", dir.toString(),
                "Where is the station?");
        long endNanos = System.nanoTime();

        assertThat(code).as(err.toString()).isZero();
        long audioMs = Wav.read(dir.resolve("translator.wav")).duration().toMillis();
        assertThat(audioMs).isGreaterThan(500);
        assertThat(firstWordsNanos.get()).as(text.toString()).isPositive();
        assertThat((endNanos - firstWordsNanos.get()) / 1_000_000).as("ms between the first words and the end")
                .isGreaterThan(audioMs / 2);
        assertThat(text.toString()).contains("translator: [de] Where is the station?");
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
