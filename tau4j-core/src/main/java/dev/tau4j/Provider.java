package dev.tau4j;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which realtime service a client talks to: its endpoint, how it authenticates, which wire
 * protocol it speaks and what it {@linkplain Capability supports}. Everything else (the blocking
 * {@link Session}, responses, tools, recovery, cost) stays the same across providers.
 *
 * <p>The constants describe the known services; {@link #openAiCompatible} describes any other
 * service speaking the OpenAI Realtime GA protocol without code changes in tau4j. A call the
 * provider cannot do fails at once with an {@link UnsupportedOperationException} naming the
 * provider, before anything is sent.
 *
 * @param name            a short name for messages, logs and the debug UI, such as {@code "xai"}
 * @param endpoint        the WebSocket URL; null only for {@link #AZURE_OPENAI}, whose URL comes from
 *                        {@code AZURE_OPENAI_ENDPOINT} (or {@link #azureOpenAi(URI)}) when the client is created
 * @param protocol        the wire protocol
 * @param authHeader      the handshake header carrying the key, such as {@code "Authorization"}
 * @param authPrefix      what precedes the key in that header ({@code "Bearer "}, or {@code ""})
 * @param modelParameter  the query parameter naming the model (or the Azure deployment); null when
 *                        the URL carries no model
 * @param keyVariables    the environment variables read, in order, when no API key is given
 * @param defaultModel    the model used when none is given
 * @param capabilities    what the service supports
 * @param tokenSupplier   when set, called on every (re)connect for a fresh bearer token (Entra ID for
 *                        Azure) sent as {@code Authorization: Bearer}; the API key is then not used.
 *                        Null for key authentication
 * @param pricedAs        the model whose prices apply when the model name is not a price-table model
 *                        (an Azure deployment name); null to price by the model name
 */
public record Provider(
        String name,
        URI endpoint,
        Protocol protocol,
        String authHeader,
        String authPrefix,
        String modelParameter,
        List<String> keyVariables,
        String defaultModel,
        Set<Capability> capabilities,
        Supplier<String> tokenSupplier,
        String pricedAs) {

    /** The wire protocol a provider speaks; a set tau4j owns. */
    public enum Protocol {
        /** OpenAI Realtime GA event vocabulary (OpenAI, Azure OpenAI GA, compatible services). */
        OPENAI_GA,
        /** xAI's variant of the GA vocabulary (hybrid session shape, top-level usage, no session.created). */
        XAI,
        /** Google Gemini Live (BidiGenerateContent). */
        GEMINI_LIVE
    }

    /** Something a provider may or may not support; each maps to session calls or options. */
    public enum Capability {
        /** {@code conversation.item.truncate}: {@link Session#truncate} and playback barge-in truncation. */
        TRUNCATE,
        /** Out-of-band responses ({@code conversation: "none"}, {@link ResponseOptions#outOfBand()}). */
        OUT_OF_BAND_RESPONSES,
        /** G.711 μ-law / A-law audio at 8 kHz. */
        G711,
        /** {@code conversation.item.delete}: {@link Session#deleteItem}. */
        ITEM_DELETE,
        /** {@code conversation.item.retrieve}: {@link Session#retrieveItem}. */
        ITEM_RETRIEVE,
        /** Server VAD ({@link TurnDetection.ServerVad}). */
        SERVER_VAD,
        /** Semantic VAD ({@link TurnDetection.SemanticVad}). */
        SEMANTIC_VAD,
        /** Server-side session resumption (reconnect without replaying the conversation). */
        RESUMPTION,
        /** Changing the options of an open session: {@link Session#updateSession}. */
        SESSION_UPDATE,
        /**
         * Model settings for one response in {@link ResponseOptions}: instructions, voice, output
         * modalities, tool choice, maximum output tokens, an input context and extra fields.
         */
        RESPONSE_SETTINGS
    }

    private static final Set<Capability> OPENAI_CAPABILITIES = EnumSet.of(Capability.TRUNCATE,
            Capability.OUT_OF_BAND_RESPONSES, Capability.G711, Capability.ITEM_DELETE, Capability.ITEM_RETRIEVE,
            Capability.SERVER_VAD, Capability.SEMANTIC_VAD, Capability.SESSION_UPDATE, Capability.RESPONSE_SETTINGS);

    /** OpenAI's Realtime API (GA): {@code OPENAI_API_KEY}, bearer auth, {@code ?model=}. */
    public static final Provider OPENAI = new Provider("openai", URI.create(TauOptions.OPENAI_ENDPOINT),
            Protocol.OPENAI_GA, "Authorization", "Bearer ", "model", List.of("OPENAI_API_KEY"), Model.DEFAULT,
            OPENAI_CAPABILITIES, null, null);

    /**
     * Azure OpenAI (GA): {@code wss://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>},
     * the {@code api-key} header from {@code AZURE_OPENAI_API_KEY}, the resource from
     * {@code AZURE_OPENAI_ENDPOINT} ({@code https://<resource>.openai.azure.com}). The model option
     * is the deployment name; say which model it runs with {@link #pricedAs(String)} for cost.
     */
    public static final Provider AZURE_OPENAI = new Provider("azure", null, Protocol.OPENAI_GA, "api-key", "",
            "model", List.of("AZURE_OPENAI_API_KEY"), Model.DEFAULT, OPENAI_CAPABILITIES, null, null);

    /**
     * xAI's Grok Voice Agent API: {@code wss://api.x.ai/v1/realtime}, bearer {@code XAI_API_KEY},
     * voices {@code eve ara rex sal leo}, server VAD only, billed per connected minute.
     */
    public static final Provider XAI = new Provider("xai", URI.create("wss://api.x.ai/v1/realtime"), Protocol.XAI,
            "Authorization", "Bearer ", "model", List.of("XAI_API_KEY"), "grok-voice-think-fast-1.0",
            EnumSet.of(Capability.TRUNCATE, Capability.G711, Capability.SERVER_VAD, Capability.SESSION_UPDATE,
                    Capability.RESPONSE_SETTINGS), null, null);

    /**
     * Google Gemini Live (Developer API, {@code BidiGenerateContent}): the {@code x-goog-api-key}
     * header from {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY}; input audio is sent at 16 kHz
     * (resampled from the session's 24 kHz PCM), output audio arrives at 24 kHz. Server VAD and
     * manual turns; no truncate, no out-of-band responses, no G.711, no item delete or retrieve,
     * and the options are fixed once the session is open. The server ends each connection after
     * about 10 minutes: the session rolls over before that (and at once on {@code goAway}), and a
     * reconnect or rollover resumes the server-kept conversation with the latest resumption handle,
     * replaying the journal only when no valid handle exists. Gemini has no per-response
     * configuration: a response asked for with instructions, a voice, output modalities, a tool
     * choice, a token limit, an input context or extra fields fails at once (tools run by tau4j,
     * metadata and audio retention still work, since they stay on this side).
     */
    public static final Provider GEMINI = new Provider("gemini", URI.create(
            "wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent"),
            Protocol.GEMINI_LIVE, "x-goog-api-key", "", null, List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
            "gemini-2.5-flash-native-audio-preview-12-2025", EnumSet.of(Capability.SERVER_VAD, Capability.RESUMPTION),
            null, null);

    /** Validates; copies the lists and sets. */
    public Provider {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("provider name must not be blank");
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(authHeader, "authHeader");
        Objects.requireNonNull(authPrefix, "authPrefix");
        Objects.requireNonNull(defaultModel, "defaultModel");
        if (authHeader.isBlank() || !authHeader.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("authHeader must be an HTTP header name, got '" + authHeader + "'");
        }
        if (endpoint != null && !"ws".equals(endpoint.getScheme()) && !"wss".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("provider endpoint must be a ws:// or wss:// URL, got " + endpoint);
        }
        keyVariables = List.copyOf(keyVariables);
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /**
     * Another service speaking the OpenAI Realtime GA protocol, described without code changes.
     *
     * @param name           a short name for messages
     * @param endpoint       its WebSocket URL (it may carry a query)
     * @param authHeader     the header carrying the key ({@code "Authorization"}, {@code "api-key"}, ...)
     * @param authPrefix     what precedes the key in it ({@code "Bearer "} or {@code ""})
     * @param modelParameter the query parameter naming the model, or null to send none
     */
    public static Provider openAiCompatible(String name, URI endpoint, String authHeader, String authPrefix,
            String modelParameter) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new Provider(name, endpoint, Protocol.OPENAI_GA, authHeader, authPrefix, modelParameter, List.of(),
                Model.DEFAULT, OPENAI_CAPABILITIES, null, null);
    }

    /**
     * Azure OpenAI at {@code resource}: {@code https://<resource>.openai.azure.com} (or its
     * {@code wss://} form); the path {@code /openai/v1/realtime} is appended when it has none.
     */
    public static Provider azureOpenAi(URI resource) {
        return AZURE_OPENAI.withEndpoint(azureRealtimeUrl(resource));
    }

    /** Azure's GA realtime URL for a resource URL such as {@code https://my.openai.azure.com}. */
    static URI azureRealtimeUrl(URI resource) {
        Objects.requireNonNull(resource, "resource");
        String scheme = switch (String.valueOf(resource.getScheme()).toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "wss";
            case "http", "ws" -> "ws";
            default -> throw new IllegalArgumentException("Azure endpoint must be an https:// or wss:// URL, got " + resource);
        };
        String path = resource.getRawPath() == null || resource.getRawPath().isEmpty() || "/".equals(resource.getRawPath())
                ? "/openai/v1/realtime" : resource.getRawPath();
        String query = resource.getRawQuery() == null ? "" : "?" + resource.getRawQuery();
        return URI.create(scheme + "://" + resource.getRawAuthority() + path + query);
    }

    /** This provider at another endpoint (a proxy, a region, a simulator). */
    public Provider withEndpoint(URI url) {
        return new Provider(name, Objects.requireNonNull(url, "url"), protocol, authHeader, authPrefix, modelParameter,
                keyVariables, defaultModel, capabilities, tokenSupplier, pricedAs);
    }

    /**
     * This provider authenticating with bearer tokens from {@code tokens} (called on every
     * connect and reconnect, on the connecting thread; it may block briefly), such as an Entra ID
     * token for Azure: {@code Authorization: Bearer <token>}.
     */
    public Provider withTokenSupplier(Supplier<String> tokens) {
        return new Provider(name, endpoint, protocol, "Authorization", "Bearer ", modelParameter, keyVariables,
                defaultModel, capabilities, Objects.requireNonNull(tokens, "tokens"), pricedAs);
    }

    /** This provider pricing sessions as {@code model} (the model an Azure deployment runs). */
    public Provider pricedAs(String model) {
        return new Provider(name, endpoint, protocol, authHeader, authPrefix, modelParameter, keyVariables,
                defaultModel, capabilities, tokenSupplier, Model.resolve(model));
    }

    /** This provider with {@code capabilities} instead of its own (for a compatible service that does less). */
    public Provider withCapabilities(Set<Capability> capabilities) {
        return new Provider(name, endpoint, protocol, authHeader, authPrefix, modelParameter, keyVariables,
                defaultModel, capabilities, tokenSupplier, pricedAs);
    }

    /** Whether this provider supports {@code capability}. */
    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * Throws {@link UnsupportedOperationException} naming this provider when it lacks
     * {@code capability}; {@code what} names the call or option, such as {@code "Session.truncate"}.
     */
    public void require(Capability capability, String what) {
        if (!supports(capability)) {
            throw new UnsupportedOperationException(what + " is not supported by provider '" + name + "' (it lacks "
                    + capability + "); nothing was sent. See the README's Providers table for what each provider supports");
        }
    }

    @Override
    public String toString() {
        return "Provider[" + name + ", " + protocol + ", " + (endpoint == null ? "endpoint from AZURE_OPENAI_ENDPOINT"
                : endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath())
                + ", auth=" + (tokenSupplier != null ? "token supplier" : authHeader) + "]";
    }
}
