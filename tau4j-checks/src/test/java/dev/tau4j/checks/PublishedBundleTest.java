package dev.tau4j.checks;

import static dev.tau4j.checks.Project.child;
import static dev.tau4j.checks.Project.children;
import static dev.tau4j.checks.Project.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;

/**
 * What a release would upload to Maven Central, checked in the staging repository that every build deploys to
 * ({@code target/staging} at the root, by maven-deploy-plugin in the verify phase of each published module).
 */
@Timeout(60)
class PublishedBundleTest {

    private static Path staging;

    @BeforeAll
    static void locateTheStagingRepository() {
        staging = Project.root().resolve("target/staging").resolve(Project.GROUP.replace('.', '/'));
        assertThat(staging).as("the staging repository: run ./mvnw -B verify from the root (the parent POM deploys"
                + " every published module there in the verify phase)").isDirectory();
    }

    @Test
    void exactlyThePublishedModulesAreStaged() throws IOException {
        Set<String> expected = new TreeSet<>(Project.publishedJarModules());
        expected.add("tau4j-parent");
        expected.add("tau4j-bom");
        Set<String> staged = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(staging)) {
            dirs.filter(Files::isDirectory).forEach(d -> staged.add(d.getFileName().toString()));
        }
        assertThat(staged).as("never published").doesNotContainAnyElementsOf(Project.UNPUBLISHED);
        assertThat(staged).as("artifacts in " + staging).isEqualTo(expected);
    }

    @Test
    void eachPublishedModuleHasItsPomJarSourcesAndJavadoc() throws IOException {
        for (String module : Project.publishedJarModules()) {
            Map<String, Path> files = stagedFiles(module);
            assertThat(files).as(module + " in the staging repository").containsKeys("pom", "jar", "sources.jar", "javadoc.jar");
            for (Path file : files.values()) {
                assertThat(Files.size(file)).as(file.toString()).isPositive();
            }
            List<String> classes = entries(files.get("jar"), ".class");
            assertThat(classes).as(module + "'s jar").isNotEmpty()
                    .as(module + "'s jar holds its own classes only (a shaded jar belongs in target/, not in the release)")
                    .allMatch(e -> e.startsWith("dev/tau4j/") || e.endsWith("module-info.class"));
            assertThat(entries(files.get("sources.jar"), ".java")).as(module + "'s sources jar").isNotEmpty();
            List<String> pages = entries(files.get("javadoc.jar"), ".html");
            assertThat(pages).as(module + "'s Javadoc").contains("index.html")
                    .as(module + "'s Javadoc leaves out the internal packages").noneMatch(p -> p.contains("/internal/"));
        }
    }

    @Test
    void eachPublishedJarIsANamedModuleThatExportsNoInternalPackageToEveryone() throws IOException {
        for (String module : Project.publishedJarModules()) {
            Path jar = stagedFiles(module).get("jar");
            Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
            assertThat(found).as(module + "'s jar holds one module").hasSize(1);
            ModuleDescriptor descriptor = found.iterator().next().descriptor();
            assertThat(descriptor.isAutomatic()).as(module + " has a module-info.class (not an automatic module)").isFalse();
            assertThat(descriptor.name()).as(module + "'s module name").startsWith("dev.tau4j.");
            assertThat(descriptor.exports()).as(module + " exports internal packages only to named friends (qualified)")
                    .filteredOn(e -> e.source().contains(".internal"))
                    .allMatch(ModuleDescriptor.Exports::isQualified);
        }
    }

    @Test
    void everyPublishedPomCarriesWhatMavenCentralRequires() throws IOException {
        Element parent = Project.pom(stagedFiles("tau4j-parent").get("pom")).getDocumentElement();
        Element bom = Project.pom(stagedFiles("tau4j-bom").get("pom")).getDocumentElement();
        for (Element pom : List.of(parent, bom)) {
            String id = text(pom, "artifactId");
            for (String required : List.of("name", "description", "url", "licenses/license/name", "licenses/license/url",
                    "developers/developer/name", "scm/url", "scm/connection", "scm/developerConnection")) {
                assertThat(text(pom, required)).as(id + ": <" + required + ">").isNotBlank();
            }
            assertThat(text(pom, "licenses/license/name")).as(id + "'s license").isEqualTo("Apache-2.0");
        }
        for (String same : List.of("url", "licenses/license/name", "licenses/license/url", "developers/developer/name",
                "scm/url", "scm/connection", "scm/developerConnection")) {
            assertThat(text(bom, same)).as("the BOM (no parent) repeats the parent's <" + same + ">").isEqualTo(text(parent, same));
        }
        for (String module : Project.publishedJarModules()) {
            Element pom = Project.pom(stagedFiles(module).get("pom")).getDocumentElement();
            assertThat(text(pom, "name")).as(module + ": <name>").isNotBlank();
            assertThat(text(pom, "description")).as(module + ": <description>").isNotBlank();
            assertThat(text(pom, "parent/artifactId")).as(module + " inherits url, licenses, developers and scm from")
                    .isEqualTo("tau4j-parent");
            assertThat(text(pom, "url")).as(module + " has no <url> of its own (Maven would append its path)").isNull();
        }
    }

    @Test
    void theBomListsEveryPublishedModule() {
        Element bom = Project.pom(stagedFiles("tau4j-bom").get("pom")).getDocumentElement();
        List<String> listed = new ArrayList<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertThat(text(dependency, "groupId")).isEqualTo(Project.GROUP);
            assertThat(text(dependency, "version")).isEqualTo("${project.version}");
            listed.add(text(dependency, "artifactId"));
        }
        assertThat(text(bom, "version")).isEqualTo(Project.version());
        assertThat(listed).as("tau4j-bom's dependencyManagement").containsExactlyInAnyOrderElementsOf(Project.publishedJarModules());
    }

    @Test
    void theReleaseProfileSignsAndPublishesOnlyWhenAsked() {
        for (Path pom : List.of(Project.root().resolve("pom.xml"), Project.root().resolve("tau4j-bom/pom.xml"))) {
            Element release = children(child(Project.pom(pom).getDocumentElement(), "profiles"), "profile").stream()
                    .filter(p -> "release".equals(text(p, "id"))).findFirst().orElseThrow(() -> new AssertionError(pom + ": no release profile"));
            assertThat(child(release, "activation")).as(pom + ": the release profile is never active by itself").isNull();
            List<String> plugins = children(child(child(release, "build"), "plugins"), "plugin").stream()
                    .map(p -> text(p, "artifactId")).toList();
            assertThat(plugins).as(pom + ": the release profile's plugins")
                    .contains("maven-gpg-plugin", "central-publishing-maven-plugin");
        }
        assertThat(Project.root().resolve(".ci/run")).content().as("CI never releases").doesNotContain("-Prelease").doesNotContain("-P release");
    }

    /**
     * The staged files of an artifact by kind ({@code pom}, {@code jar}, {@code sources.jar}, {@code javadoc.jar}): for
     * a snapshot the newest deploy that maven-metadata.xml names, for a release the plain names.
     */
    private static Map<String, Path> stagedFiles(String artifactId) {
        String version = Project.version();
        Path dir = staging.resolve(artifactId).resolve(version);
        assertThat(dir).as(artifactId + " staged").isDirectory();
        Map<String, Path> files = new LinkedHashMap<>();
        if (version.endsWith("-SNAPSHOT")) {
            Element versioning = child(Project.pom(dir.resolve("maven-metadata.xml")).getDocumentElement(), "versioning");
            String latest = text(versioning, "snapshot/timestamp") + "-" + text(versioning, "snapshot/buildNumber");
            for (Element v : children(child(versioning, "snapshotVersions"), "snapshotVersion")) {
                String value = text(v, "value");
                if (value.endsWith(latest)) {
                    String classifier = text(v, "classifier");
                    String extension = text(v, "extension");
                    String kind = classifier == null ? extension : classifier + "." + extension;
                    files.put(kind, dir.resolve(artifactId + "-" + value + (classifier == null ? "" : "-" + classifier) + "." + extension));
                }
            }
        } else {
            for (String kind : List.of("pom", "jar", "sources.jar", "javadoc.jar")) {
                Path file = dir.resolve(artifactId + "-" + version + (kind.contains(".") ? "-" + kind : "." + kind));
                if (Files.exists(file)) {
                    files.put(kind, file);
                }
            }
        }
        files.values().forEach(f -> assertThat(f).as("named in " + dir.resolve("maven-metadata.xml")).exists());
        return files;
    }

    private static List<String> entries(Path zip, String suffix) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).filter(n -> n.endsWith(suffix)).toList();
        }
    }
}
