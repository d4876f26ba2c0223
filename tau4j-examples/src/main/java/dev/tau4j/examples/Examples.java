package dev.tau4j.examples;

import dev.tau4j.simulator.DefaultResponder;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.Responder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five examples by name: what {@code ./tau example NAME} runs. */
public final class Examples {

    /** One example: runs with {@code setup}, given the command-line arguments after its name. */
    @FunctionalInterface
    public interface Example {
        void run(Setup setup, List<String> args) throws Exception;
    }

    private record Entry(Example example, Responder offlineModel, String summary) {
    }

    private static final Map<String, Entry> ALL = new LinkedHashMap<>();

    static {
        ALL.put("translator", new Entry(Translator::run, new DefaultResponder(),
                "a session that translates into German: one line in, the German reply out [TEXT]"));
        ALL.put("vocaloid", new Entry(Vocaloid::run, new DefaultResponder(),
                "a dramatic voice repeats five lines with stage directions, each saved as a WAV file [LINE...]"));
        ALL.put("tutor", new Entry(Tutor::run, new DefaultResponder(),
                "a language tutor speaks first, listens to you (server VAD) and gives feedback [VOICE.wav]"));
        ALL.put("assistant", new Entry(Assistant::run, Assistant::offlineModel,
                "a listening session calls home tools on what you say; a voice session answers [UTTERANCE.wav...]"));
        ALL.put("ensemble", new Entry(Ensemble::run, new DefaultResponder(),
                "three voices perform a scene, each hearing the others' lines"));
    }

    private Examples() {
    }

    /** The names, in the order of the README. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** One line on what {@code name} does and which arguments it takes. */
    public static String summary(String name) {
        return entry(name).summary();
    }

    /** What the embedded simulator answers with when {@code name} runs offline. */
    public static Responder offlineModel(String name) {
        return entry(name).offlineModel();
    }

    /**
     * Runs {@code name}.
     *
     * @throws IllegalArgumentException if there is no such example
     * @throws Exception                whatever the example throws
     */
    public static void run(String name, Setup setup, List<String> args) throws Exception {
        entry(name).example().run(setup, args);
    }

    /** The {@code main} of each example: the server from the environment, files in {@code ./tau-examples}. */
    static void main(String name, String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        Path outputDir = Path.of("tau-examples");
        try (Setup setup = Setup.fromEnvironment(System.getenv(), offlineModel(name), Pace.REALTIME, outputDir, out)) {
            run(name, setup, List.of(args));
        }
    }

    private static Entry entry(String name) {
        Entry e = ALL.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no example '" + name + "'; the examples are "
                    + String.join(", ", names()));
        }
        return e;
    }
}
