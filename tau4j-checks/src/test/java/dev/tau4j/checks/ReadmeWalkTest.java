package dev.tau4j.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tau4j.checks.ReadmeBlocks.Block;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks README.md: every {@code java} block compiles as printed (a whole program, or statements after their
 * imports, compiled inside a {@code main} that {@code throws Exception}); a block marked
 * {@code <!-- quotes: PATH -->} appears verbatim in that source file of the build; a block marked
 * {@code <!-- runs: simulator -->} runs in a child JVM with {@code TAU_REALTIME_URL} pointing at a simulator
 * started here and no API key, and must exit 0.
 */
@Timeout(300)
class ReadmeWalkTest {

    private static final int RUN_SECONDS = 90;

    private static RealtimeSimulator sim;
    private static ReadmeBlocks readme;

    @TempDir
    static Path work;

    @BeforeAll
    static void readTheReadmeAndStartASimulator() throws IOException {
        readme = ReadmeBlocks.parse(Files.readString(Project.root().resolve("README.md")));
        sim = RealtimeSimulator.builder().pace(Pace.FAST).start();
    }

    @AfterAll
    static void stopTheSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theReadmeHasJavaBlocksAndTheFirstProgramRuns() {
        assertThat(readme.blocks()).as("java blocks in README.md").hasSizeGreaterThan(5);
        Block first = readme.blocks().getFirst();
        assertThat(first.runs()).as("the first program is marked <!-- runs: simulator -->").isTrue();
        assertThat(first.className()).as("the first program is a whole program").isNotNull();
        assertThat(readme.blocks()).filteredOn(b -> b.mark() != null && !b.runs() && !b.quotes()).isEmpty();
        assertThat(readme.blocks()).filteredOn(Block::runs).allMatch(b -> b.markValue().equals("simulator"));
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlock() {
        return readme.blocks().stream().map(block -> {
            if (block.quotes()) {
                return DynamicTest.dynamicTest(block.describe() + " is quoted verbatim", () -> assertQuoted(block));
            }
            if (block.runs()) {
                return DynamicTest.dynamicTest(block.describe() + " compiles and runs", () -> run(block, compile(block)));
            }
            return DynamicTest.dynamicTest(block.describe() + " compiles", () -> compile(block));
        });
    }

    /** The block, indented as in the source, is a run of whole lines of the file. */
    private static void assertQuoted(Block block) throws IOException {
        Path source = Project.root().resolve(block.markValue());
        assertThat(source).as(block.describe()).isRegularFile();
        String text = Files.readString(source);
        for (String indent : List.of("", "    ", "        ")) {
            String indented = block.code().lines().map(l -> l.isEmpty() ? l : indent + l)
                    .reduce(new StringBuilder(), (sb, l) -> sb.append(l).append('\n'), StringBuilder::append).toString();
            if (text.startsWith(indented) || text.contains("\n" + indented)) {
                return;
            }
        }
        fail(block.describe() + " is not a verbatim quote of " + block.markValue()
                + ": copy the code from the source file into README.md (or the other way round)");
    }

    /** Compiles the block into its own directory and returns that directory with the name of its main class. */
    private static Compiled compile(Block block) throws IOException {
        String className = block.className();
        String source;
        int firstLine;   // the README line of the generated source's line 1
        if (className != null) {
            source = block.code();
            firstLine = block.line();
        } else {
            className = "ReadmeLine" + block.line();
            List<String> lines = new ArrayList<>(block.imports());
            lines.add("public class " + className + " { public static void main(String[] args) throws Exception {");
            source = String.join("\n", lines) + "\n" + block.body() + "}}\n";
            firstLine = block.line() + block.bodyOffset() - lines.size();
        }
        Path dir = work.resolve("line-" + block.line());
        Path src = dir.resolve("src").resolve(className + ".java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (the tests run on the JDK the toolchain selected)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "21", "-proc:none", "-encoding", "UTF-8",
                    "-classpath", classPath(), "-d", classes.toString());
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(src)).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    long line = d.getLineNumber() + firstLine - 1;
                    errors.add("README.md line " + line + ": " + d.getMessage(Locale.ROOT));
                }
            }
            if (!ok || !errors.isEmpty()) {
                fail(block.describe() + " does not compile as printed:\n  " + String.join("\n  ", errors));
            }
        }
        return new Compiled(classes, className);
    }

    /** Runs the compiled block in a child JVM against the simulator, without an API key; it must exit 0. */
    private static void run(Block block, Compiled compiled) throws IOException, InterruptedException {
        int sessionsBefore = sim.sessions().size();
        Path dir = compiled.classes().getParent().resolve("run");
        Files.createDirectories(dir);
        Path output = dir.resolve("output.txt");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short programs: C1 and the serial GC start fastest (as ./tau runs the CLI).
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", compiled.classes() + File.pathSeparator + classPath(), compiled.mainClass()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        builder.environment().put("TAU_REALTIME_URL", sim.url().toString());
        Process process = builder.start();
        boolean exited = process.waitFor(RUN_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output);
        assertThat(exited).as(block.describe() + " finished within " + RUN_SECONDS + " s; it printed:\n" + printed).isTrue();
        assertThat(process.exitValue()).as(block.describe() + " exit code; it printed:\n" + printed).isZero();
        if (block.prints() != null) {
            assertThat(printed).as(block.describe() + " printed").contains(block.prints());
        }
        if (!block.code().contains("RealtimeSimulator.start")) {
            assertThat(sim.sessions().size()).as(block.describe() + " opened a session on the simulator (TAU_REALTIME_URL)")
                    .isGreaterThan(sessionsBefore);
        }
    }

    /** The test class path, for the compiler and the child JVM (surefire may start this JVM from a manifest-only jar). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private record Compiled(Path classes, String mainClass) {
    }
}
