package dev.tau4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.ConnectionClosedException;
import dev.tau4j.HandshakeException;
import dev.tau4j.Model;
import dev.tau4j.Provider;
import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Resilience;
import dev.tau4j.Response;
import dev.tau4j.ResponseStatus;
import dev.tau4j.ServerErrorException;
import dev.tau4j.Session;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import dev.tau4j.Voice;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.event.Usage;
import dev.tau4j.simulator.Pace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tau say TEXT}: one user turn, one response. With {@code --json}, stdout is exactly one
 * JSON object (the contract other tools rely on), also when the command fails after its options
 * were read ({@code {"status":"error",…}}); otherwise the transcript streams as it arrives.
 */
@Command(name = "say", mixinStandardHelpOptions = true,
        description = {"Say TEXT to the model and print (and optionally save) its answer.",
                "Endpoint: --url (verbatim), else TAU_REALTIME_URL, else the provider's service if its key is set"
                        + " (OPENAI_API_KEY; AZURE_OPENAI_API_KEY with AZURE_OPENAI_ENDPOINT; XAI_API_KEY; GEMINI_API_KEY or"
                        + " GOOGLE_API_KEY), else the embedded simulator speaking the provider's dialect."})
final class SayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "What the user says.")
    String text;

    @Option(names = "--instructions", paramLabel = "T", description = "System instructions for the session.")
    String instructions;

    @Option(names = "--voice", paramLabel = "V", description = "Output voice, e.g. alloy, marin, sage.")
    String voice;

    @Option(names = "--model", paramLabel = "M", description = "Model, or the Azure deployment (default: the provider's,"
            + " " + Model.DEFAULT + " for OpenAI; 4o and 4o-mini are aliases).")
    String model;

    @Option(names = "--provider", paramLabel = "P", defaultValue = "openai", converter = ProviderOption.class,
            description = "openai, azure, xai or gemini (default: ${DEFAULT-VALUE}).")
    Provider provider;

    @Option(names = "--url", paramLabel = "WS_URL", description = "Realtime WebSocket URL (e.g. a running simulator).")
    String url;

    @Option(names = "--out", paramLabel = "FILE.wav", description = "Save the answer's audio as a WAV file.")
    Path out;

    @Option(names = "--json", description = "Print exactly one JSON object with the result on stdout.")
    boolean json;

    @Option(names = "--no-recover", description = "Do not reconnect after a lost connection (recovery is on by default).")
    boolean noRecover;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Seconds.class,
            description = "How long each wait for the server may last: connecting, each call, the whole answer"
                    + " (default: 15 s to connect and per call, 120 s for the answer).")
    Duration timeout;

    @Option(names = "--pace", converter = PaceOption.class,
            description = "Embedded simulator pace: realtime (audio at playback speed; default) or fast (default with --json).")
    Pace pace;

    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            if (text.isBlank()) {
                throw new IllegalArgumentException("TEXT must not be blank");
            }
            SessionOptions.Builder options = SessionOptions.builder();
            if (instructions != null) {
                options.instructions(instructions);
            }
            if (voice != null) {
                options.voice(Voice.of(voice));
            }
            return say(options, stdout, stderr);
        } catch (RuntimeException e) {
            if (json) {
                stdout.println(errorJson(e));
                stdout.flush();
            }
            throw e;
        }
    }

    private int say(SessionOptions.Builder options, PrintWriter stdout, PrintWriter stderr) {
        TauOptions.Builder tauOptions = TauOptions.builder().model(model).name("tau-say")
                .resilience(noRecover ? Resilience.NONE : Resilience.DEFAULT);
        if (timeout != null) {
            tauOptions.connectTimeout(timeout).callTimeout(timeout).responseTimeout(timeout);
        }
        Pace embeddedPace = pace != null ? pace : json ? Pace.FAST : Pace.REALTIME;
        try (Endpoint endpoint = Endpoint.resolve(url, env, embeddedPace, stderr, provider);
             TauClient client = TauClient.create(tauOptions.provider(pricing(endpoint.provider()))
                     .endpoint(endpoint.url()).apiKey(endpoint.apiKey()).build());
             Session session = client.connect(options.build())) {
            Response response = Turn.run(session, text, json ? null : stdout);
            if (!json) {
                stdout.println();
            }
            if (out != null) {
                Turn.saveWav(response, out);
            }
            CostEstimate cost = response.costEstimate();
            if (json) {
                stdout.println(result(response, cost, session.recoveryStats()));
            } else {
                if (out != null) {
                    stdout.println("saved " + out + " (" + response.audioDuration().toMillis() + " ms of audio)");
                }
                stdout.println(Turn.usageLine(response.usage()));
                stdout.println(Turn.costLine(cost));
                RecoveryStats recovery = session.recoveryStats();
                if (recovery.reconnects() > 0) {
                    stdout.println("recovered from " + recovery.reconnects() + " lost connection(s) in "
                            + recovery.attempts() + " attempt(s)");
                }
            }
            stdout.flush();
            if (response.status() != ResponseStatus.COMPLETED) {
                stderr.println("tau: the response ended " + response.status().name().toLowerCase()
                        + (response.statusReason() == null ? "" : " (" + response.statusReason() + ")")
                        + (response.error() == null ? "" : ": " + response.error().message()));
                stderr.flush();
                return response.status() == ResponseStatus.FAILED ? ExitCodes.SERVER : ExitCodes.NOT_COMPLETED;
            }
            return ExitCodes.OK;
        }
    }

    /** Azure's deployment is priced as the model of the same name when the price table knows it. */
    private Provider pricing(Provider p) {
        String m = Model.resolve(model != null ? model : p.defaultModel());
        return p.name().equals("azure") && PriceTable.bundled().find(m).isPresent() ? p.pricedAs(m) : p;
    }

    /** The {@code --json} object of a failure: {@code {"status":"error","error":{"message","code"},"exit_code"}}. */
    static String errorJson(RuntimeException e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "error");
        ObjectNode error = o.putObject("error");
        error.put("message", ErrorLine.of(e, "--timeout"));
        String code = switch (e) {
            case ServerErrorException s -> s.code();
            case ConnectionClosedException c when c.serverError() != null -> c.serverError().code();
            case HandshakeException h -> "http_" + h.status();
            default -> null;
        };
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        o.put("exit_code", ExitCodes.of(e));
        return o.toString();
    }

    private ObjectNode result(Response response, CostEstimate cost, RecoveryStats recovery) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", response.status().name().toLowerCase());
        o.put("response_id", response.id());
        o.put("transcript", response.transcript());
        o.put("audio_ms", response.audioDuration().toMillis());
        if (out != null) {
            o.put("wav", out.toString());
        } else {
            o.putNull("wav");
        }
        Usage u = response.usage();
        ObjectNode usage = o.putObject("usage");
        usage.put("input_text_tokens", u.inputTextTokens());
        usage.put("input_audio_tokens", u.inputAudioTokens());
        usage.put("input_cached_tokens", u.cachedTokens());
        usage.put("output_text_tokens", u.outputTextTokens());
        usage.put("output_audio_tokens", u.outputAudioTokens());
        if (cost.isKnown()) {
            o.put("cost_usd", cost.totalUsd().doubleValue());
        } else {
            o.putNull("cost_usd");
        }
        o.put("reconnects", recovery.reconnects());
        return o;
    }
}
