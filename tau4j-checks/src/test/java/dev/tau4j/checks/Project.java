package dev.tau4j.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The project as the checks see it: its root, its modules, which of them are published, and POM reading. */
final class Project {

    /** Modules that are built but never published. Everything else in the root POM's {@code <modules>} is. */
    static final Set<String> UNPUBLISHED = Set.of("tau4j-bench", "tau4j-checks");

    static final String GROUP = "dev.tau4j";

    private Project() {
    }

    /** The repository root (the Maven build passes it; run from an IDE, the working directory's parent). */
    static Path root() {
        String root = System.getProperty("tau4j.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        assertThat(path.resolve("pom.xml")).as("the repository root").exists();
        return path.toAbsolutePath().normalize();
    }

    static String version() {
        String version = System.getProperty("tau4j.version");
        return version != null ? version : text(pom(root().resolve("pom.xml")).getDocumentElement(), "version");
    }

    /** Every module of the root POM, in its order. */
    static List<String> modules() {
        Element project = pom(root().resolve("pom.xml")).getDocumentElement();
        return children(child(project, "modules"), "module").stream().map(Node::getTextContent).map(String::strip).toList();
    }

    /** The published modules with a jar (every published module except the BOM; the parent is not a module). */
    static List<String> publishedJarModules() {
        return modules().stream().filter(m -> !UNPUBLISHED.contains(m) && !m.equals("tau4j-bom")).toList();
    }

    static Document pom(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first direct child element named {@code name}, or null. */
    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The text of a path of direct children ({@code "scm/url"}), stripped, or null when absent. */
    static String text(Element element, String path) {
        Element e = element;
        for (String name : path.split("/")) {
            e = child(e, name);
        }
        return e == null ? null : e.getTextContent().strip();
    }
}
