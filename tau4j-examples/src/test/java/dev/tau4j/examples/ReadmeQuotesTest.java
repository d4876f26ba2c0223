package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README quotes each example's code: the lines between {@code // README:NAME} and
 * {@code // README:end} in its source, de-indented, as a {@code java} block. They must not drift.
 */
@Timeout(10)
class ReadmeQuotesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/tau4j/examples");
    private static final Map<String, String> FILES = Map.of("translator", "Translator.java", "vocaloid", "Vocaloid.java",
            "tutor", "Tutor.java", "assistant", "Assistant.java", "ensemble", "Ensemble.java");

    @Test
    void everyExampleIsQuotedInTheReadmeAsItIsInItsSource() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(FILES.keySet()).containsExactlyInAnyOrderElementsOf(Examples.names());
        for (String name : Examples.names()) {
            String quote = "```java\n" + quoted(name, Files.readAllLines(SOURCES.resolve(FILES.get(name)))) + "```\n";
            assertThat(readme).as("README section of " + name + " quotes " + FILES.get(name))
                    .contains("### " + name + "\n").contains(quote);
        }
    }

    private static String quoted(String name, List<String> lines) {
        int from = lines.indexOf("    // README:" + name);
        int to = lines.indexOf("    // README:end");
        assertThat(from).as("marker // README:" + name).isNotNegative();
        assertThat(to).as("marker // README:end").isGreaterThan(from);
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(from + 1, to)) {
            out.append(line.length() >= 4 ? line.substring(4) : line.strip()).append('\n');
        }
        return out.toString();
    }
}
