package dev.tau4j.cli;

import dev.tau4j.Provider;
import dev.tau4j.simulator.SimDialect;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;

/**
 * Where a command talks to: {@code --url} (verbatim), else {@code TAU_REALTIME_URL}, else the
 * provider's service when its key variable is set ({@code OPENAI_API_KEY}; {@code AZURE_OPENAI_API_KEY}
 * with {@code AZURE_OPENAI_ENDPOINT}; {@code XAI_API_KEY}; {@code GEMINI_API_KEY} or
 * {@code GOOGLE_API_KEY}), else an embedded simulator speaking the provider's dialect.
 */
final class Endpoint implements AutoCloseable {

    /** The key sent to servers other than OpenAI when none is configured (the simulator accepts any). */
    static final String OFFLINE_KEY = "sk-tau4j-offline";

    private final URI url;
    private final String apiKey;
    private final RealtimeSimulator simulator;
    private final Provider provider;

    private Endpoint(URI url, String apiKey, RealtimeSimulator simulator, Provider provider) {
        this.url = url;
        this.apiKey = apiKey;
        this.simulator = simulator;
        this.provider = provider.withEndpoint(url);
    }

    static Endpoint resolve(String urlOption, Map<String, String> env, Pace pace, PrintWriter err) {
        return resolve(urlOption, env, pace, err, Provider.OPENAI);
    }

    static Endpoint resolve(String urlOption, Map<String, String> env, Pace pace, PrintWriter err, Provider provider) {
        String key = null;
        for (String variable : provider.keyVariables()) {
            key = key != null ? key : blankToNull(env.get(variable));
        }
        String url = urlOption != null ? urlOption : blankToNull(env.get("TAU_REALTIME_URL"));
        if (url != null) {
            return new Endpoint(URI.create(url), key != null ? key : OFFLINE_KEY, null, provider);
        }
        if (key != null) {
            URI at = provider.endpoint();
            if (at == null) {
                String azure = blankToNull(env.get("AZURE_OPENAI_ENDPOINT"));
                if (azure == null) {
                    throw new IllegalArgumentException("AZURE_OPENAI_API_KEY is set but AZURE_OPENAI_ENDPOINT is not: set it to"
                            + " https://<resource>.openai.azure.com, or pass --url");
                }
                at = Provider.azureOpenAi(URI.create(azure)).endpoint();
            }
            return new Endpoint(at, key, null, provider);
        }
        return embedded(pace, err, "no --url, TAU_REALTIME_URL or " + String.join(" / ", provider.keyVariables()), provider);
    }

    static Endpoint embedded(Pace pace, PrintWriter err, String why) {
        return embedded(pace, err, why, Provider.OPENAI);
    }

    static Endpoint embedded(Pace pace, PrintWriter err, String why, Provider provider) {
        SimDialect dialect = ProviderOption.simulatorDialect(provider);
        RealtimeSimulator sim = RealtimeSimulator.builder().pace(pace).dialect(dialect).start();
        err.println("tau: " + why + ": using the embedded simulator at " + sim.url() + " (offline"
                + (provider.equals(Provider.OPENAI) ? "" : ", " + provider.name() + " dialect") + ")");
        err.flush();
        return new Endpoint(sim.url(), OFFLINE_KEY, sim, provider);
    }

    /** The provider, at {@link #url()}. */
    Provider provider() {
        return provider;
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
