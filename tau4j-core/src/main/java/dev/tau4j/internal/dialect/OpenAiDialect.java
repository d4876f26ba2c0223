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

/** The OpenAI Realtime GA protocol: {@code ?model=}, a bearer key, GA event names. */
final class OpenAiDialect implements Dialect {

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public URI connectUri(URI endpoint, String model) {
        String query = endpoint.getRawQuery();
        if (query != null && (query.startsWith("model=") || query.contains("&model="))) {
            return endpoint;
        }
        String param = "model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        return URI.create(endpoint + (query == null ? "?" : "&") + param);
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
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
        return "Dialect[openai]";
    }
}
