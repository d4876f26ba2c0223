package dev.tau4j.cli;

import dev.tau4j.Response;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.Provider;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import dev.tau4j.cost.CostTotal;
import dev.tau4j.simulator.Pace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tau demo}: the seed's first example, offline by default. Starts the simulator in this
 * process, asks one question under a one-line system instruction, streams the answer, saves its
 * audio and prints usage and the estimated cost.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the first example offline: one instruction, one question, the answer streamed and saved.")
final class DemoCommand implements Callable<Integer> {

    static final String INSTRUCTIONS = "You are Sun Tzu, the ancient strategist. Answer in one short sentence.";
    static final String QUESTION = "How do I win an argument without fighting?";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE.wav", description = "Where to save the answer's audio (default: ${DEFAULT-VALUE}).",
            defaultValue = "tau-demo.wav")
    Path out;

    @Option(names = "--pace", description = "Simulator pace: realtime (default, audio at playback speed) or fast.",
            defaultValue = "realtime", converter = PaceOption.class)
    Pace pace;

    @Option(names = "--provider", paramLabel = "P", defaultValue = "openai", converter = ProviderOption.class,
            description = "Run on the simulator's dialect for openai, azure, xai or gemini (default: ${DEFAULT-VALUE}).")
    Provider provider;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (Endpoint endpoint = Endpoint.embedded(pace, stderr, "demo", provider);
             TauClient client = TauClient.create(TauOptions.builder().provider(endpoint.provider())
                     .endpoint(endpoint.url()).apiKey(endpoint.apiKey())
                     .name("tau-demo").build());
             Session session = client.connect(SessionOptions.builder().instructions(INSTRUCTIONS).build())) {
            stdout.println("system:    " + INSTRUCTIONS);
            stdout.println("user:      " + QUESTION);
            stdout.print("assistant: ");
            stdout.flush();
            Response response = Turn.run(session, QUESTION, stdout);
            stdout.println();
            Turn.saveWav(response, out);
            stdout.println("saved " + out + " (" + response.audioDuration().toMillis() + " ms of " + response.audioFormat()
                    .sampleRate() + " Hz audio)");
            stdout.println(Turn.usageLine(session.usage()));
            CostTotal total = session.ledger().totalEstimate();
            stdout.println(total.isComplete() ? Turn.costLine(total.knownUsd(), session.model())
                    : Turn.costLine(response.costEstimate()));
            stdout.flush();
            return response.isCompleted() ? ExitCodes.OK : ExitCodes.NOT_COMPLETED;
        }
    }
}
