package dev.tau4j.examples;

import dev.tau4j.Session;
import dev.tau4j.Model;
import dev.tau4j.Provider;
import dev.tau4j.TauOptions;
import dev.tau4j.Voice;
import dev.tau4j.simulator.SimDialect;
import dev.tau4j.audio.AudioDeviceException;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.AudioSink;
import dev.tau4j.audio.Speaker;
import dev.tau4j.cost.CostTotal;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.Usage;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.Responder;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Where an example runs, so that each example stays a short program: the server it talks to,
 * the folder it writes to, where it prints, and a speaker.
 *
 * <p>The server is decided like the CLI's: {@code TAU_REALTIME_URL} when set (e.g. a
 * {@code ./tau simulator start}), else OpenAI when {@code OPENAI_API_KEY} is set ("live"), else a
 * simulator started in this process (offline), with the example's own offline model as its
 * responder. Not thread-safe; close it at the end (that stops the embedded simulator and the
 * speaker).
 */
public final class Setup implements AutoCloseable {

    /** The key sent to servers other than OpenAI when none is configured; the simulator takes any. */
    static final String OFFLINE_KEY = "sk-tau4j-offline";

    private final TauOptions tauOptions;
    private final boolean live;
    private final RealtimeSimulator embedded;
    private final Path outputDir;
    private final PrintWriter out;
    /** Null until {@link #speaker()} is first called. */
    private AudioSink speaker;

    private Setup(TauOptions tauOptions, boolean live, RealtimeSimulator embedded, Path outputDir, PrintWriter out) {
        this.tauOptions = tauOptions;
        this.live = live;
        this.embedded = embedded;
        this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * A setup from the environment {@code env} (see the class comment).
     *
     * @param offlineModel what the embedded simulator answers with, when it is used
     * @param pace         the embedded simulator's pace ({@link Pace#REALTIME}: audio at playback speed)
     */
    public static Setup fromEnvironment(Map<String, String> env, Responder offlineModel, Pace pace, Path outputDir,
            PrintWriter out) {
        return fromEnvironment(env, offlineModel, pace, outputDir, out, SimDialect.OPENAI);
    }

    /**
     * Like {@link #fromEnvironment(Map, Responder, Pace, Path, PrintWriter)}, but offline the
     * simulator speaks {@code dialect} and the session uses the matching provider (Azure OpenAI,
     * xAI or Gemini Live), so the example runs as it would against that provider.
     */
    public static Setup fromEnvironment(Map<String, String> env, Responder offlineModel, Pace pace, Path outputDir,
            PrintWriter out, SimDialect dialect) {
        if (dialect != SimDialect.OPENAI) {
            RealtimeSimulator sim = RealtimeSimulator.builder().responder(offlineModel).pace(pace).dialect(dialect).start();
            TauOptions options = offline(sim, dialect);
            out.println("(offline: the simulator at " + sim.url() + " plays the model, speaking "
                    + options.provider().name() + "'s protocol)");
            return new Setup(options, false, sim, outputDir, out);
        }
        String key = blankToNull(env.get("OPENAI_API_KEY"));
        String url = blankToNull(env.get("TAU_REALTIME_URL"));
        if (url != null) {
            TauOptions options = TauOptions.builder().endpoint(URI.create(url)).apiKey(key != null ? key : OFFLINE_KEY)
                    .build();
            out.println("(TAU_REALTIME_URL: " + url + ")");
            return new Setup(options, false, null, outputDir, out);
        }
        if (key != null) {
            out.println("(live: OpenAI, with OPENAI_API_KEY)");
            return new Setup(TauOptions.builder().apiKey(key).build(), true, null, outputDir, out);
        }
        RealtimeSimulator sim = RealtimeSimulator.builder().responder(offlineModel).pace(pace).start();
        out.println("(offline: the simulator at " + sim.url() + " plays the model; set OPENAI_API_KEY for OpenAI)");
        return new Setup(offline(sim, SimDialect.OPENAI), false, sim, outputDir, out);
    }

    /** A setup talking to {@code simulator}, which the caller keeps and closes (tests). */
    public static Setup of(RealtimeSimulator simulator, Path outputDir, PrintWriter out) {
        return of(simulator, SimDialect.OPENAI, outputDir, out);
    }

    /**
     * A setup talking to {@code simulator}, which speaks {@code dialect}, with the matching
     * provider; the caller keeps and closes the simulator (tests).
     */
    public static Setup of(RealtimeSimulator simulator, SimDialect dialect, Path outputDir, PrintWriter out) {
        return new Setup(offline(simulator, dialect), false, null, outputDir, out);
    }

    private static TauOptions offline(RealtimeSimulator sim, SimDialect dialect) {
        Provider provider = switch (dialect) {
            case OPENAI -> null;
            case AZURE -> Provider.AZURE_OPENAI.pricedAs(Model.GPT_REALTIME);
            case XAI -> Provider.XAI;
            case GEMINI -> Provider.GEMINI;
        };
        TauOptions.Builder options = provider == null ? TauOptions.builder().endpoint(sim.url())
                : TauOptions.builder().provider(provider.withEndpoint(sim.url()));
        return options.apiKey(OFFLINE_KEY).build();
    }

    /** The options for {@code Tau.createSession}: endpoint and key. */
    public TauOptions tauOptions() {
        return tauOptions;
    }

    /**
     * The voice to ask for: {@code openAiVoice} on OpenAI, Azure OpenAI and compatible services,
     * else the provider's own voice the examples cast in its place (xAI offers eve, ara, rex, sal
     * and leo, Gemini Live its prebuilt voices such as Puck and Kore; both refuse OpenAI's names).
     */
    public Voice voice(Voice openAiVoice) {
        Map<Voice, Voice> cast = CASTING.get(tauOptions.provider().protocol());
        return cast == null ? openAiVoice : cast.getOrDefault(openAiVoice, cast.get(null));
    }

    /** Per protocol, the voice cast for each OpenAI voice the examples use; the null key is everyone else's. */
    private static final Map<Provider.Protocol, Map<Voice, Voice>> CASTING = Map.of(
            Provider.Protocol.XAI, castOf(Voice.of("eve"), Voice.ASH, Voice.of("rex"), Voice.SHIMMER, Voice.of("ara"),
                    Voice.VERSE, Voice.of("leo"), Voice.BALLAD, Voice.of("sal")),
            Provider.Protocol.GEMINI_LIVE, castOf(Voice.of("Aoede"), Voice.ASH, Voice.of("Puck"), Voice.SHIMMER,
                    Voice.of("Kore"), Voice.VERSE, Voice.of("Fenrir"), Voice.BALLAD, Voice.of("Charon")));

    private static Map<Voice, Voice> castOf(Voice otherwise, Voice... pairs) {
        Map<Voice, Voice> cast = new java.util.HashMap<>();
        cast.put(null, otherwise);
        for (int i = 0; i < pairs.length; i += 2) {
            cast.put(pairs[i], pairs[i + 1]);
        }
        return cast;
    }

    /** True when talking to OpenAI: a real model, which hears real words. */
    public boolean live() {
        return live;
    }

    /** Where the example prints what happens. */
    public PrintWriter out() {
        return out;
    }

    /**
     * {@code name} in the output folder, which is created if needed.
     *
     * @throws IOException if the folder cannot be created
     */
    public Path file(String name) throws IOException {
        Files.createDirectories(outputDir);
        return outputDir.resolve(name);
    }

    /**
     * A PCM16 24 kHz speaker: the sound card when live and one opens, else a virtual speaker that
     * keeps time without a device (offline, the simulator's audio is synthetic tones anyway).
     */
    public AudioSink speaker() {
        if (speaker == null) {
            speaker = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO);
            if (live) {
                try {
                    speaker = Speaker.open(AudioFormat.PCM16_24KHZ_MONO);
                } catch (AudioDeviceException e) {
                    out.println("(no sound card: playing on a virtual speaker)");
                }
            }
        }
        return speaker;
    }

    /**
     * Prints a response's transcript on {@link #out()} as it arrives, after {@code label}, and ends
     * the line when the response is done: the listener of
     * {@code session.requestResponse(ResponseOptions.DEFAULTS, setup.transcript("translator: "))}.
     */
    public Consumer<ResponseEvent> transcript(String label) {
        return transcript(out, label);
    }

    /** Like {@link #transcript(String)}, printing on {@code out}. Runs on the session's reader. */
    public static Consumer<ResponseEvent> transcript(PrintWriter out, String label) {
        AtomicBoolean started = new AtomicBoolean();
        return event -> {
            String delta = switch (event) {
                case ResponseOutputAudioTranscriptDelta d -> d.delta();
                case ResponseOutputTextDelta d -> d.delta();
                default -> null;
            };
            if (delta != null && !delta.isEmpty()) {
                out.print(started.getAndSet(true) ? delta : label + delta);
                out.flush();
            } else if (event instanceof ResponseDone) {
                out.println(started.get() ? "" : label);
                out.flush();
            }
        };
    }

    /** A session's usage so far and its estimated cost, on one line. */
    public static String usage(Session session) {
        Usage u = session.usage();
        CostTotal cost = session.ledger().totalEstimate();
        return "input " + u.inputTokens() + " tokens (audio " + u.inputAudioTokens() + ", cached " + u.cachedTokens()
                + ") · output " + u.outputTokens() + " tokens (audio " + u.outputAudioTokens() + ") · ≈ $"
                + cost.knownUsd().setScale(4, RoundingMode.HALF_UP).toPlainString()
                + (cost.isComplete() ? "" : " + unknown");
    }

    @Override
    public void close() {
        if (speaker != null) {
            speaker.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        out.flush();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
