package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.SimDialect;
import dev.tau4j.simulator.SimulatedSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five examples, offline, on every provider: the simulator speaks the provider's dialect and
 * the example runs through the matching {@code Provider}, as {@code ./tau example NAME --provider P} does.
 */
@Timeout(60)
class ExamplesOnEveryProviderTest {

    /** What each example prints last when it ran to its end (the vocaloid and the ensemble on short scripts). */
    private static final Map<String, String> ENDING = Map.of(
            "translator", "translator: [de] " + Translator.LINE,
            "vocaloid", "1. **BOLDLY** Ahoy!",
            "tutor", "tutor:   I heard",
            "assistant", "voice:     You're most welcome!",
            "ensemble", "marketgoer: **WHISPERING** Nice gourd.");

    private static final Pattern VOICE = Pattern.compile("\"(?:voice|voiceName)\":\"([^\"]+)\"");

    static Stream<Arguments> everyExampleOnEveryDialect() {
        List<Arguments> runs = new ArrayList<>();
        for (SimDialect dialect : SimDialect.values()) {
            for (String example : Examples.names()) {
                runs.add(Arguments.of(dialect, example));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyExampleOnEveryDialect")
    void runsToItsEnd(SimDialect dialect, String example, @TempDir Path dir) throws Exception {
        StringWriter printed = new StringWriter();
        try (RealtimeSimulator sim = RealtimeSimulator.builder().responder(Examples.offlineModel(example))
                .dialect(dialect).start();
             Setup setup = Setup.of(sim, dialect, dir, new PrintWriter(printed, true))) {
            switch (example) {
                case "vocaloid" -> Examples.run(example, setup, List.of("**BOLDLY** Ahoy!"));
                case "ensemble" -> Ensemble.perform(setup, List.of(new Ensemble.Line("brian", "NERVOUSLY", "Hello."),
                        new Ensemble.Line("passerby", "SURPRISED", "What?"),
                        new Ensemble.Line("marketgoer", "WHISPERING", "Nice gourd.")));
                default -> Examples.run(example, setup, List.of());
            }

            assertThat(printed.toString()).contains(ENDING.get(example));
            assertThat(setup.tauOptions().provider().name()).isEqualTo(switch (dialect) {
                case OPENAI -> "openai";
                case AZURE -> "azure";
                case XAI -> "xai";
                case GEMINI -> "gemini";
            });
            List<String> voices = new ArrayList<>();
            for (SimulatedSession session : sim.sessions()) {
                for (RecordedEvent sent : session.clientEvents()) {
                    Matcher voice = VOICE.matcher(sent.json());
                    while (voice.find()) {
                        voices.add(voice.group(1));
                    }
                }
            }
            assertThat(voices).as("the voices the example asked for").isNotEmpty().allMatch(v -> switch (dialect) {
                case XAI -> List.of("eve", "ara", "rex", "sal", "leo").contains(v);
                case GEMINI -> List.of("Aoede", "Puck", "Kore", "Fenrir", "Charon").contains(v);
                default -> List.of("ash", "shimmer", "verse", "ballad").contains(v);
            });
        }
    }
}
