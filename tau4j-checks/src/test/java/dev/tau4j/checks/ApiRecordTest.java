package dev.tau4j.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each published module's public API is recorded in {@code api/<module>.api}; this fails when the compiled code and
 * the record disagree, so every API change shows up in review. {@code -Dtau4j.api.update=true} rewrites the records.
 */
@Timeout(60)
class ApiRecordTest {

    static final String REGENERATE = "./mvnw -B -pl tau4j-checks -am verify -Dtau4j.api.update=true"
            + " -Dtest='ApiRecordTest' -Dsurefire.failIfNoSpecifiedTests=false";

    @Test
    void everyPublishedModulesApiMatchesItsRecord() throws IOException {
        boolean update = Boolean.getBoolean("tau4j.api.update");
        Path root = Project.root();
        List<String> stale = new ArrayList<>();
        for (String module : Project.publishedJarModules()) {
            Path classes = root.resolve(module).resolve("target/classes");
            assertThat(classes).as(module + " compiled (build with -am)").isDirectory();
            String actual = ApiRecord.of(classes, getClass().getClassLoader());
            assertLoadedFrom(root.resolve(module), classes);
            Path record = root.resolve("api").resolve(module + ".api");
            String recorded = Files.exists(record) ? Files.readString(record) : "";
            if (!actual.equals(recorded)) {
                if (update) {
                    Files.createDirectories(record.getParent());
                    Files.writeString(record, actual);
                    System.out.println("rewrote " + record);
                } else {
                    stale.add(module + ": " + describe(recorded, actual));
                }
            }
        }
        if (!stale.isEmpty()) {
            fail("The public API differs from its record in api/ (review the change; if it is intended, regenerate and"
                    + " commit the records):\n  " + REGENERATE + "\n" + String.join("\n", stale));
        }
    }

    @Test
    void everyRecordBelongsToAPublishedModule() throws IOException {
        Set<String> expected = new LinkedHashSet<>();
        Project.publishedJarModules().forEach(m -> expected.add(m + ".api"));
        Set<String> present = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(Project.root().resolve("api"))) {
            files.forEach(f -> present.add(f.getFileName().toString()));
        }
        assertThat(present).as("files in api/").isSubsetOf(expected);
    }

    /** The classes must come from this build's target/classes, not from a jar elsewhere (a stale ~/.m2 snapshot). */
    private void assertLoadedFrom(Path module, Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            String anyClass = files.map(classes::relativize).map(Path::toString).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.contains("-info")).findFirst().orElseThrow();
            Class<?> type = Class.forName(anyClass.substring(0, anyClass.length() - 6).replace('/', '.'), false,
                    getClass().getClassLoader());
            Path from = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
            assertThat(from).as(type.getName() + " is loaded from this build of " + module.getFileName()
                    + " (run with -am: " + REGENERATE + ")").startsWith(module.toAbsolutePath().normalize());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** What changed, class by class: members (or whole classes) only in the record (-) or only in the code (+). */
    private static String describe(String recorded, String actual) {
        Map<String, List<String>> before = classes(recorded);
        Map<String, List<String>> after = classes(actual);
        List<String> changes = new ArrayList<>();
        Set<String> types = new TreeSet<>(before.keySet());
        types.addAll(after.keySet());
        for (String type : types) {
            if (!before.containsKey(type)) {
                changes.add("+ " + type);
            } else if (!after.containsKey(type)) {
                changes.add("- " + type);
            } else {
                after.get(type).stream().filter(m -> !before.get(type).contains(m)).forEach(m -> changes.add("+ " + m + "   (in " + type + ")"));
                before.get(type).stream().filter(m -> !after.get(type).contains(m)).forEach(m -> changes.add("- " + m + "   (in " + type + ")"));
            }
        }
        if (changes.isEmpty()) {
            return "the same signatures, formatted differently";
        }
        String shown = String.join("\n    ", changes.subList(0, Math.min(40, changes.size())));
        return "\n    " + shown + (changes.size() > 40 ? "\n    … " + (changes.size() - 40) + " more" : "");
    }

    /** A record's classes: header line → member lines. */
    private static Map<String, List<String>> classes(String record) {
        Map<String, List<String>> classes = new LinkedHashMap<>();
        List<String> members = null;
        for (String line : record.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                members = new ArrayList<>();
                classes.put(line, members);
            } else if (members != null) {
                members.add(line.strip());
            }
        }
        return classes;
    }
}
