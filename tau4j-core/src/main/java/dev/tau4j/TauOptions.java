package dev.tau4j;

import dev.tau4j.recovery.ReconnectPolicy;
import dev.tau4j.recovery.Resilience;

import dev.tau4j.cost.Budget;
import dev.tau4j.cost.PriceTable;
import dev.tau4j.cost.PruningPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect: what the seed library called {@code tau_options}. Unset values fall
 * back to the environment, then to defaults:
 *
 * <table>
 * <caption>Fallbacks</caption>
 * <tr><th>option</th><th>environment</th><th>default</th></tr>
 * <tr><td>apiKey</td><td>the provider's key variables ({@code OPENAI_API_KEY}, {@code AZURE_OPENAI_API_KEY},
 * {@code XAI_API_KEY}, {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY})</td><td>required for the provider's
 * own host; optional elsewhere</td></tr>
 * <tr><td>endpoint</td><td>{@code TAU_REALTIME_URL}, then (Azure) {@code AZURE_OPENAI_ENDPOINT}</td><td>the
 * provider's endpoint ({@value #OPENAI_ENDPOINT} for OpenAI)</td></tr>
 * <tr><td>model</td><td></td><td>the provider's default model ({@value Model#DEFAULT} for OpenAI)</td></tr>
 * <tr><td>logging</td><td>{@code TAU_LOGGING} (0, 1, 2)</td><td>0: errors only</td></tr>
 * <tr><td>debug</td><td>{@code TAU_DEBUG} ({@code true}/{@code 1}/{@code yes})</td><td>off</td></tr>
 * <tr><td>debugUrl</td><td>{@code TAU_DEBUG_URL}</td><td>{@value #DEBUG_URL}</td></tr>
 * </table>
 *
 * <p>{@link #toString()} never shows the API key.
 *
 * @param apiKey            the API key, or null to use the provider's key variable; a key (or such a
 *                          variable) with a control character, a space or a character
 *                          beyond ISO-8859-1 is refused with an {@link IllegalArgumentException} that
 *                          does not show it
 * @param model             the model (aliases {@code 4o}, {@code 4o-mini} accepted), or null
 * @param endpoint          the realtime WebSocket URL without query, or null
 * @param name              the session name in logs and the debug UI, or null for {@code tau-session-N}
 * @param connectTimeout    how long connecting may take, up to {@code session.created}
 * @param callTimeout       how long a call waits for the server's confirmation
 * @param responseTimeout   how long a blocking {@code response()} waits for {@code response.done}
 * @param logging           0 errors only, 1 one line per event, 2 full events (audio elided); null = env
 * @param sendQueueBytes    the most input audio bytes queued for sending before
 *                          {@code appendInputAudio} refuses more
 * @param priceTable        prices for cost estimates, or null for {@link PriceTable#bundled()}
 * @param budget            caps on money, tokens and connected time per session, or null for none
 * @param contextWarnTokens warn (via {@link SessionListener#onContextWarning}) when one turn
 *                          re-bills this many input tokens of retained conversation; null = never
 * @param pruning           after each in-conversation response, delete the conversation items
 *                          this policy names (e.g. {@link PruningPolicy#keepInputUnder(long)}); null = never
 * @param debug             connect sessions to the local debug server; null = {@code TAU_DEBUG}. When
 *                          no debug server is running, sessions work normally and log one warning.
 * @param debugUrl          the debug server, or null for {@code TAU_DEBUG_URL}, else {@value #DEBUG_URL}
 * @param resilience        reconnect and replay, rollover, stall watchdog, keepalive, time-to-live
 *                          (default {@link Resilience#DEFAULT}: recovery on)
 * @param transport         the WebSocket client, proxy and message limit (default {@link TransportOptions#DEFAULT})
 * @param provider          the realtime service (default {@link Provider#OPENAI}): its endpoint, auth,
 *                          key variables, default model and capabilities; {@code endpoint}, {@code apiKey}
 *                          and {@code model} override its defaults
 */
public record TauOptions(
        String apiKey,
        String model,
        URI endpoint,
        String name,
        Duration connectTimeout,
        Duration callTimeout,
        Duration responseTimeout,
        Integer logging,
        long sendQueueBytes,
        PriceTable priceTable,
        Budget budget,
        Long contextWarnTokens,
        PruningPolicy pruning,
        Boolean debug,
        URI debugUrl,
        Resilience resilience,
        TransportOptions transport,
        Provider provider) {

    /** OpenAI's realtime endpoint. */
    public static final String OPENAI_ENDPOINT = "wss://api.openai.com/v1/realtime";

    /** Where the debug server listens by default. */
    public static final String DEBUG_URL = "ws://127.0.0.1:30033";

    /** Defaults: everything from the environment or the built-in defaults. */
    public static final TauOptions DEFAULTS = builder().build();

    public TauOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        if (apiKey != null) {
            requireUsableKey(apiKey, "apiKey");
        }
        if (model != null) {
            model = Model.resolve(model);
        }
        if (endpoint != null) {
            String scheme = endpoint.getScheme();
            if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
                throw new IllegalArgumentException("endpoint must be a ws:// or wss:// URL, got " + endpoint);
            }
        }
        if (logging != null && (logging < 0 || logging > 2)) {
            throw new IllegalArgumentException("logging must be 0, 1 or 2, got " + logging);
        }
        if (sendQueueBytes <= 0) {
            throw new IllegalArgumentException("sendQueueBytes must be positive, got " + sendQueueBytes);
        }
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(provider, "provider");
        if (contextWarnTokens != null && contextWarnTokens <= 0) {
            throw new IllegalArgumentException("contextWarnTokens must be positive, got " + contextWarnTokens);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiKey = apiKey;
        b.model = model;
        b.endpoint = endpoint;
        b.name = name;
        b.connectTimeout = connectTimeout;
        b.callTimeout = callTimeout;
        b.responseTimeout = responseTimeout;
        b.logging = logging;
        b.sendQueueBytes = sendQueueBytes;
        b.priceTable = priceTable;
        b.budget = budget;
        b.contextWarnTokens = contextWarnTokens;
        b.pruning = pruning;
        b.debug = debug;
        b.debugUrl = debugUrl;
        b.resilience = resilience;
        b.transport = transport;
        b.provider = provider;
        return b;
    }

    /** These options with the environment's fallbacks and the defaults filled in. */
    TauOptions resolve(Map<String, String> env) {
        String key = apiKey;
        for (int i = 0; key == null && i < provider.keyVariables().size(); i++) {
            String variable = provider.keyVariables().get(i);
            key = blankToNull(env.get(variable));
            if (key != null) {
                requireUsableKey(key, variable);
            }
        }
        URI url = endpoint;
        if (url == null) {
            String fromEnv = blankToNull(env.get("TAU_REALTIME_URL"));
            url = fromEnv != null ? URI.create(fromEnv) : provider.endpoint();
        }
        if (url == null) {
            String azure = blankToNull(env.get("AZURE_OPENAI_ENDPOINT"));
            if (azure == null) {
                throw new IllegalStateException("No endpoint for provider '" + provider.name() + "': set"
                        + " AZURE_OPENAI_ENDPOINT to https://<resource>.openai.azure.com, or use Provider.azureOpenAi(URI)"
                        + " or TauOptions.endpoint(...)");
            }
            url = Provider.azureRealtimeUrl(URI.create(azure));
        }
        Integer level = logging;
        if (level == null) {
            String fromEnv = blankToNull(env.get("TAU_LOGGING"));
            try {
                level = fromEnv == null ? 0 : Math.max(0, Math.min(2, Integer.parseInt(fromEnv.strip())));
            } catch (NumberFormatException e) {
                level = 0;
            }
        }
        boolean debugOn = debug != null ? debug : isTrue(env.get("TAU_DEBUG"));
        URI debugAt = debugUrl;
        if (debugAt == null) {
            String fromEnv = blankToNull(env.get("TAU_DEBUG_URL"));
            debugAt = URI.create(fromEnv != null ? fromEnv : DEBUG_URL);
        }
        return new TauOptions(key, model != null ? model : provider.defaultModel(), url, name, connectTimeout, callTimeout,
                responseTimeout, level, sendQueueBytes, priceTable != null ? priceTable : PriceTable.bundled(), budget,
                contextWarnTokens, pruning, debugOn, debugAt, resilience, transport, provider);
    }

    /** {@code true}, {@code 1}, {@code yes}, {@code on}; anything else (including {@code "false"}) is off. */
    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            default -> false;
        };
    }

    /**
     * Refuses a key an HTTP header cannot carry as it is: control characters (a pasted line break),
     * spaces, characters beyond ISO-8859-1. The message says which kind and where, never the key.
     */
    static void requireUsableKey(String key, String where) {
        if (key.isBlank()) {
            throw new IllegalArgumentException(where + " is blank: set it to the API key, or leave it unset");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            String problem = c == '\n' || c == '\r' ? "a line break"
                    : Character.isISOControl(c) ? "a control character"
                    : Character.isWhitespace(c) || Character.isSpaceChar(c) ? "a space"
                    : c > 0xFF ? "a character an HTTP header cannot carry (beyond ISO-8859-1)"
                    : null;
            if (problem != null) {
                throw new IllegalArgumentException(where + " has " + problem + " at position " + (i + 1) + " of "
                        + key.length() + "; an API key is one line of printable characters: copy it again (the key"
                        + " itself is not shown)");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The debug URL without its query, which may hold the debug server's token. */
    private static String withoutQuery(URI url) {
        if (url == null || url.getRawQuery() == null) {
            return String.valueOf(url);
        }
        String s = url.toString();
        return s.substring(0, s.indexOf('?')) + "?…";
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    @Override
    public String toString() {
        return "TauOptions[apiKey=" + (apiKey == null ? "null" : "***") + ", model=" + model + ", endpoint=" + endpoint
                + ", name=" + name + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
                + ", responseTimeout=" + responseTimeout + ", logging=" + logging + ", sendQueueBytes=" + sendQueueBytes
                + ", budget=" + budget + ", contextWarnTokens=" + contextWarnTokens + ", debug=" + debug
                + ", debugUrl=" + withoutQuery(debugUrl) + ", resilience=" + resilience + ", transport=" + transport + ", provider=" + provider + "]";
    }

    /** Builds {@link TauOptions}. Not thread-safe. */
    public static final class Builder {
        private String apiKey;
        private String model;
        private URI endpoint;
        private String name;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration callTimeout = Duration.ofSeconds(15);
        private Duration responseTimeout = Duration.ofMinutes(2);
        private Integer logging;
        private long sendQueueBytes = 8L * 1024 * 1024;
        private PriceTable priceTable;
        private Budget budget;
        private Long contextWarnTokens;
        private PruningPolicy pruning;
        private Boolean debug;
        private URI debugUrl;
        private Resilience resilience = Resilience.DEFAULT;
        private TransportOptions transport = TransportOptions.DEFAULT;
        private Provider provider = Provider.OPENAI;

        private Builder() {
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder endpoint(String endpoint) {
            return endpoint(URI.create(endpoint));
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        public Builder logging(int level) {
            this.logging = level;
            return this;
        }

        public Builder sendQueueBytes(long bytes) {
            this.sendQueueBytes = bytes;
            return this;
        }

        /** Prices for cost estimates (default: {@link PriceTable#bundled()}). */
        public Builder priceTable(PriceTable prices) {
            this.priceTable = prices;
            return this;
        }

        /** Caps per session on money, tokens and connected time. */
        public Builder budget(Budget budget) {
            this.budget = budget;
            return this;
        }

        /** Warn when one turn re-bills at least this many input tokens of retained conversation. */
        public Builder contextWarnTokens(long tokens) {
            this.contextWarnTokens = tokens;
            return this;
        }

        /** Delete old conversation items after each in-conversation response, as {@code policy} says. */
        public Builder pruning(PruningPolicy policy) {
            this.pruning = policy;
            return this;
        }

        /** Connect sessions to the local debug server (default: {@code TAU_DEBUG}). */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /** Where the debug server listens (default: {@code TAU_DEBUG_URL}, else {@value TauOptions#DEBUG_URL}). */
        public Builder debugUrl(URI url) {
            this.debugUrl = url;
            return this;
        }

        /** Reconnect, rollover, stall watchdog, keepalive and time-to-live (default {@link Resilience#DEFAULT}). */
        public Builder resilience(Resilience resilience) {
            this.resilience = resilience;
            return this;
        }

        /** How sessions reconnect (default {@link ReconnectPolicy#DEFAULT}; {@link ReconnectPolicy#NONE} = off). */
        public Builder reconnect(ReconnectPolicy policy) {
            this.resilience = resilience.withReconnect(policy);
            return this;
        }

        /** The WebSocket client, proxy and message limit (default {@link TransportOptions#DEFAULT}). */
        public Builder transport(TransportOptions transport) {
            this.transport = transport;
            return this;
        }

        /**
         * The realtime service (default {@link Provider#OPENAI}); its key variables, endpoint and
         * default model apply where {@link #apiKey}, {@link #endpoint} and {@link #model} are unset.
         */
        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        public TauOptions build() {
            return new TauOptions(apiKey, model, endpoint, name, connectTimeout, callTimeout, responseTimeout, logging,
                    sendQueueBytes, priceTable, budget, contextWarnTokens, pruning, debug, debugUrl, resilience, transport, provider);
        }
    }
}
