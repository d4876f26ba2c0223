package dev.tau4j.internal.dialect;

import dev.tau4j.Provider;
import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauException;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.transport.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * What one provider's realtime protocol looks like on the wire: where to connect, how to
 * authenticate, and how events and options are written and read. The session speaks only in
 * {@link ClientEvent}s and {@link ServerEvent}s; a dialect translates. {@link #of(Provider)} picks
 * it: {@link OpenAiDialect} for OpenAI, Azure OpenAI GA and compatible services (auth header and
 * model parameter from the provider), {@link XaiDialect} for xAI, {@link GeminiDialect} for
 * Gemini Live.
 *
 * <p>Implementations are stateless and thread-safe, except where a dialect needs state: then
 * {@link #forSession} returns one per session and {@link #newConnection} one per connection.
 * The defaults are those of a stateless dialect whose wire vocabulary is the engine's own (one
 * event per text frame, no binary frames, acknowledgements sent by the server); the OpenAI audio
 * path runs through none of the other hooks.
 */
public interface Dialect {

    /** The OpenAI Realtime GA protocol. */
    Dialect OPENAI_GA = new OpenAiDialect();

    /** The dialect {@code provider} speaks (client-wide; sessions take theirs with {@link #forSession}). */
    static Dialect of(Provider provider) {
        return switch (provider.protocol()) {
            case OPENAI_GA -> provider.equals(Provider.OPENAI) ? OPENAI_GA : new OpenAiDialect(provider.name(),
                    provider.authHeader(), provider.authPrefix(), provider.modelParameter(), provider.tokenSupplier());
            case XAI -> new XaiDialect(provider.name(), provider.authHeader(), provider.authPrefix(),
                    provider.modelParameter(), provider.tokenSupplier());
            case GEMINI_LIVE -> new GeminiDialect(provider.name(), provider.authHeader(), provider.authPrefix(),
                    provider.tokenSupplier());
        };
    }

    /** A short name for logs and the debug UI, such as {@code "openai"}. */
    String name();

    /** The WebSocket URL for {@code model} at {@code endpoint}. */
    URI connectUri(URI endpoint, String model);

    /**
     * The opening handshake's headers for {@code apiKey} (null when no key is configured). The
     * values hold the key: they are never logged.
     */
    Map<String, String> headers(String apiKey);

    /**
     * Decodes one text frame, given as UTF-8 bytes ({@code buf} is not kept); null when the frame
     * holds no event for the session (see also {@link #next()}). Throws
     * {@link dev.tau4j.ProtocolException} for a malformed frame.
     */
    ServerEvent decode(byte[] buf, int offset, int length);

    /**
     * Encodes one client event as a text frame; null when nothing goes on the wire for it (the
     * dialect acknowledged it itself).
     */
    String encode(ClientEvent event);

    /**
     * Encodes one client event straight to the frame's bytes, or returns null when the dialect
     * has no such fast path for it (then {@link #encode} is used). Used for the hot events
     * ({@code input_audio_buffer.append}) when nothing needs the frame as text.
     */
    default Transport.Payload encodeFast(ClientEvent event) {
        return null;
    }

    /** The session object sent in {@code session.update} for {@code options}. */
    String sessionJson(SessionOptions options);

    /** The response object sent in {@code response.create}, carrying {@code requestId}. */
    String responseJson(ResponseOptions options, String requestId);

    /**
     * A dialect for one session of {@code model} (the same instance when the dialect keeps no
     * session state, such as a resumption handle).
     */
    default Dialect forSession(String model) {
        return this;
    }

    /**
     * A dialect for one new connection of this session (the same instance when the dialect keeps
     * no state); {@code link} takes the events it makes up itself. Called before connecting.
     */
    default Dialect newConnection(Link link) {
        return this;
    }

    /**
     * Whether this connection's dialect makes up events ({@link Link#local}) or reads several
     * events from one frame ({@link #next()}): the connection then delivers its frames and those
     * events one at a time under one lock.
     */
    default boolean makesEvents() {
        return false;
    }

    /**
     * The next event read from the frame last {@linkplain #decode decoded}, or null when it held
     * no more. Called on the reader only, after the previous event was applied.
     */
    default ServerEvent next() {
        return null;
    }

    /** Whether a binary frame holds a message to {@linkplain #decode decode} (UTF-8 JSON), rather than being an error. */
    default boolean decodesBinary() {
        return false;
    }

    /**
     * What a close of this connection with {@code code} and {@code reason} means, when the
     * provider says errors with close codes; null for the default
     * ({@link dev.tau4j.ConnectionClosedException}). Called once, before the close is reported.
     */
    default TauException closeFailure(int code, String reason) {
        return null;
    }

    /**
     * Whether the session's configuration must be sent on every connection, also when it is the
     * default (the provider says nothing before it has a configuration).
     */
    default boolean configuresEveryConnection() {
        return false;
    }

    /**
     * Whether this connection took up the server-kept conversation of a previous one (a
     * resumption handle), so that nothing must be replayed onto it. Known once its configuration
     * was confirmed.
     */
    default boolean resumed() {
        return false;
    }

    /**
     * How long the provider keeps one connection open, when it ends connections on its own before
     * a session's cap (Gemini Live: about 10 minutes); null otherwise. A session rolls over to a
     * new connection before it.
     */
    default Duration connectionLifetime() {
        return null;
    }

    /** Where a connection's dialect delivers what is not a decoded frame. Thread-safe. */
    interface Link {

        /**
         * Delivers {@code event} as if the server had sent it (an acknowledgement the provider
         * does not send), after the events delivered before it; never on the calling thread.
         */
        void local(ServerEvent event);

        /**
         * Sends {@code frame} on this connection now, ahead of the frame being encoded (a second
         * message one client event needs).
         */
        void send(String frame);

        /** The server will end this connection in {@code timeLeft}: move to a new one before. */
        void goAway(Duration timeLeft);
    }
}
