package dev.tau4j.cli;

import dev.tau4j.TauOptions;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;

/**
 * Where a command talks to: {@code --url}, else {@code TAU_REALTIME_URL}, else OpenAI when
 * {@code OPENAI_API_KEY} is set, else an embedded simulator started in this process.
 */
final class Endpoint implements AutoCloseable {

    /** The key sent to servers other than OpenAI when none is configured (the simulator accepts any). */
    static final String OFFLINE_KEY = "sk-tau4j-offline";

    private final URI url;
    private final String apiKey;
    private final RealtimeSimulator simulator;

    private Endpoint(URI url, String apiKey, RealtimeSimulator simulator) {
        this.url = url;
        this.apiKey = apiKey;
        this.simulator = simulator;
    }

    static Endpoint resolve(String urlOption, Map<String, String> env, Pace pace, PrintWriter err) {
        String key = blankToNull(env.get("OPENAI_API_KEY"));
        String url = urlOption != null ? urlOption : blankToNull(env.get("TAU_REALTIME_URL"));
        if (url != null) {
            return new Endpoint(URI.create(url), key != null ? key : OFFLINE_KEY, null);
        }
        if (key != null) {
            return new Endpoint(URI.create(TauOptions.OPENAI_ENDPOINT), key, null);
        }
        return embedded(pace, err, "no --url, TAU_REALTIME_URL or OPENAI_API_KEY");
    }

    static Endpoint embedded(Pace pace, PrintWriter err, String why) {
        RealtimeSimulator sim = RealtimeSimulator.builder().pace(pace).start();
        err.println("tau: " + why + ": using the embedded simulator at " + sim.url() + " (offline)");
        err.flush();
        return new Endpoint(sim.url(), OFFLINE_KEY, sim);
    }

    URI url() {
        return url;
    }

    String apiKey() {
        return apiKey;
    }

    boolean isSimulator() {
        return simulator != null;
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
