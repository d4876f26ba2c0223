package dev.tau4j.internal.dialect;

import dev.tau4j.Provider;
import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.transport.Transport;
import java.net.URI;
import java.util.Map;

/**
 * What one provider's realtime protocol looks like on the wire: where to connect, how to
 * authenticate, and how events and options are written and read. The session speaks only in
 * {@link ClientEvent}s and {@link ServerEvent}s; a dialect translates. {@link #of(Provider)} picks
 * it: {@link OpenAiDialect} for OpenAI, Azure OpenAI GA and compatible services (auth header and
 * model parameter from the provider), {@link XaiDialect} for xAI; Gemini Live has none yet.
 *
 * <p>Implementations are stateless and thread-safe, except where a dialect needs per-connection
 * state (then {@link #newConnection()} returns a fresh instance).
 */
public interface Dialect {

    /** The OpenAI Realtime GA protocol. */
    Dialect OPENAI_GA = new OpenAiDialect();

    /**
     * The dialect {@code provider} speaks. Throws {@link UnsupportedOperationException} for a
     * provider whose protocol has no dialect yet.
     */
    static Dialect of(Provider provider) {
        return switch (provider.protocol()) {
            case OPENAI_GA -> provider.equals(Provider.OPENAI) ? OPENAI_GA : new OpenAiDialect(provider.name(),
                    provider.authHeader(), provider.authPrefix(), provider.modelParameter(), provider.tokenSupplier());
            case XAI -> new XaiDialect(provider.name(), provider.authHeader(), provider.authPrefix(),
                    provider.modelParameter(), provider.tokenSupplier());
            case GEMINI_LIVE -> throw new UnsupportedOperationException("Provider '" + provider.name()
                    + "' speaks Gemini Live (BidiGenerateContent), which tau4j does not implement yet; use openai, azure,"
                    + " xai or an OpenAI-compatible provider");
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
     * Decodes one text frame, given as UTF-8 bytes ({@code buf} is not kept). Throws
     * {@link dev.tau4j.ProtocolException} for a malformed frame.
     */
    ServerEvent decode(byte[] buf, int offset, int length);

    /** Encodes one client event as a text frame. */
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

    /** A dialect for one new connection (the same instance when the dialect keeps no state). */
    default Dialect newConnection() {
        return this;
    }
}
