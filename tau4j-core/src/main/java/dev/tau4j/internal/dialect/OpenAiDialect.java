package dev.tau4j.internal.dialect;

import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.transport.Transport;
import dev.tau4j.internal.codec.EventCodec;
import dev.tau4j.internal.codec.OptionsJson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The OpenAI Realtime GA protocol: {@code ?model=}, a bearer key, GA event names. The same
 * protocol at another provider (Azure OpenAI GA, a compatible service) differs only in the model
 * parameter and the auth header, which {@link #OpenAiDialect(String, String, String, String, Supplier)}
 * takes.
 */
class OpenAiDialect implements Dialect {

    private final String name;
    private final String authHeader;
    private final String authPrefix;
    /** The query parameter naming the model; null when the URL carries none. */
    private final String modelParameter;
    /** Fresh bearer tokens per connect; null for key authentication. */
    private final Supplier<String> tokens;

    OpenAiDialect() {
        this("openai", "Authorization", "Bearer ", "model", null);
    }

    OpenAiDialect(String name, String authHeader, String authPrefix, String modelParameter, Supplier<String> tokens) {
        this.name = name;
        this.authHeader = authHeader;
        this.authPrefix = authPrefix;
        this.modelParameter = modelParameter;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI connectUri(URI endpoint, String model) {
        if (modelParameter == null) {
            return endpoint;
        }
        String query = endpoint.getRawQuery();
        String key = modelParameter + "=";
        if (query != null && (query.startsWith(key) || query.contains("&" + key))) {
            return endpoint;
        }
        String param = key + URLEncoder.encode(model, StandardCharsets.UTF_8);
        return URI.create(endpoint + (query == null ? "?" : "&") + param);
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        return new Auth(name, authHeader, authPrefix, tokens).headers(apiKey);
    }

    @Override
    public ServerEvent decode(byte[] buf, int offset, int length) {
        return EventCodec.decode(buf, offset, length);
    }

    @Override
    public Transport.Payload encodeFast(ClientEvent event) {
        return event instanceof InputAudioBufferAppend append ? EventCodec.encodeAppend(append) : null;
    }

    @Override
    public String encode(ClientEvent event) {
        return EventCodec.encode(event);
    }

    @Override
    public String sessionJson(SessionOptions options) {
        return OptionsJson.session(options);
    }

    @Override
    public String responseJson(ResponseOptions options, String requestId) {
        return OptionsJson.response(options, requestId);
    }

    @Override
    public String toString() {
        return "Dialect[" + name + "]";
    }
}
