package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a wire capture in {@code testdata/captures} (format: that directory's README).
 *
 * @param file the capture's file name, for failure messages
 * @param line 1-based line number in the file
 * @param dir {@code server} or {@code client}
 * @param event the frame; pseudo-events carry {@code _ws} or {@code _gap} instead of {@code type}
 * @param session the {@code session} label, or null
 * @param note the provenance note, or "" when none
 */
record CaptureLine(String file, int line, String dir, JsonNode event, String session, String note) {

    /** Reads a capture from the directory in the system property {@code tau4j.captures} (set by surefire). */
    static List<CaptureLine> read(String file) {
        String dir = System.getProperty("tau4j.captures");
        assertThat(dir).as("system property tau4j.captures (set by surefire)").isNotNull();
        return read(Path.of(dir, file));
    }

    /** Reads a capture file in the format of {@code testdata/captures/README.md}. */
    static List<CaptureLine> read(Path path) {
        String file = path.getFileName().toString();
        try {
            List<CaptureLine> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode l = Json.parse(lines.get(i));
                out.add(new CaptureLine(file, i + 1, l.path("dir").asText(), l.path("event"), Json.text(l, "session"),
                        l.path("note").asText("")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read capture " + path, e);
        }
    }

    boolean server() {
        return dir.equals("server");
    }

    /** The event type, or null for a pseudo-event. */
    String type() {
        return Json.text(event, "type");
    }

    boolean gap() {
        return event.has("_gap");
    }

    /** The {@code _ws} pseudo-event kind ({@code upgrade}, {@code close}, {@code ping}, {@code text}, {@code binary}), or null. */
    String ws() {
        return Json.text(event, "_ws");
    }

    /**
     * True when the source did not record the whole frame: fields were filled in by the capture's
     * author or left out, so the capture's field names are a subset of the real frame's.
     */
    boolean partial() {
        return note.contains("reconstructed") || note.contains("not recorded") || note.contains("only the event type");
    }

    /** "file:line" for failure messages. */
    String where() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return where() + " " + (type() != null ? type() : event.toString());
    }
}
