package dev.tau4j.internal.dialect;

import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.codec.OptionsJson;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Google Gemini Live ({@code BidiGenerateContent}, protocol.md §6), translated both ways so that
 * the engine speaks only GA events. Three levels of state:
 * <ul>
 * <li>the client-wide instance ({@link Dialect#of}) knows the endpoint and the key's header;
 * <li>{@link #forSession} makes one per session, holding the model and the latest
 *     {@linkplain #handle() resumption handle} (the server keeps the conversation under it);
 * <li>{@link #newConnection} makes a {@link GeminiConnection} per connection: it writes the
 *     {@code setup} (with that handle), turns, audio and tool responses, and reads model turns.
 * </ul>
 * The session's configuration stays in the GA shape ({@link #sessionJson}), so the journal and
 * {@code session.updated} work as for OpenAI; the connection converts it when it sends the setup.
 */
final class GeminiDialect implements Dialect {

    private static final AtomicLong IDS = new AtomicLong();
    private static final Duration CONNECTION_LIFETIME = Duration.ofMinutes(10);

    private final String name;
    private final String authHeader;
    private final String authPrefix;
    /** Fresh bearer tokens per connect (Vertex AI's OAuth tokens); null for key authentication. */
    private final Supplier<String> tokens;
    /** The model's id; null on the client-wide instance. */
    private final String model;
    /** The latest usable resumption handle; null before the first, or after the server refused it. Null on the client-wide instance. */
    private final AtomicReference<String> handle;

    GeminiDialect(String name, String authHeader, String authPrefix, Supplier<String> tokens) {
        this(name, authHeader, authPrefix, tokens, null, null);
    }

    private GeminiDialect(String name, String authHeader, String authPrefix, Supplier<String> tokens, String model,
            AtomicReference<String> handle) {
        this.name = name;
        this.authHeader = authHeader;
        this.authPrefix = authPrefix;
        this.tokens = tokens;
        this.model = model;
        this.handle = handle;
    }

    /** A fresh id such as {@code resp_gemini_12}, unique in this JVM. */
    static String newId(String prefix) {
        return prefix + "gemini_" + IDS.incrementAndGet();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Dialect forSession(String model) {
        return new GeminiDialect(name, authHeader, authPrefix, tokens, model, new AtomicReference<>());
    }

    @Override
    public Dialect newConnection(Link link) {
        if (model == null) {
            throw new IllegalStateException("a Gemini connection belongs to a session: call forSession first");
        }
        return new GeminiConnection(this, link);
    }

    /** The model as the setup names it: {@code models/<id>} (a Vertex path is kept as given). */
    String modelPath() {
        return model.startsWith("models/") || model.startsWith("projects/") ? model : "models/" + model;
    }

    /** The latest resumption handle, or null. */
    String handle() {
        return handle.get();
    }

    void handle(String newHandle) {
        handle.set(newHandle);
    }

    /** The server refused {@code refused} (close 1007): it is not offered again. */
    void refused(String refused) {
        handle.compareAndSet(refused, null);
    }

    @Override
    public URI connectUri(URI endpoint, String model) {
        return endpoint;
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        return new Auth(name, authHeader, authPrefix, tokens).headers(apiKey);
    }

    @Override
    public ServerEvent decode(byte[] buf, int offset, int length) {
        throw new IllegalStateException("Gemini Live frames are read by the connection's dialect");
    }

    @Override
    public String encode(ClientEvent event) {
        throw new IllegalStateException("Gemini Live frames are written by the connection's dialect");
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
    public boolean configuresEveryConnection() {
        return true;
    }

    /** Gemini Live ends a connection after about 10 minutes (protocol.md §6.4), with a goAway shortly before. */
    @Override
    public Duration connectionLifetime() {
        return CONNECTION_LIFETIME;
    }

    @Override
    public String toString() {
        return "Dialect[" + name + ", Gemini Live]";
    }
}
