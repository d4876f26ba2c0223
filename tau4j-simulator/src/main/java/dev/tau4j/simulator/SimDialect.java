package dev.tau4j.simulator;

/**
 * Which provider's flavour of the realtime protocol the simulator speaks (set with
 * {@link RealtimeSimulator.Builder#dialect(SimDialect)}):
 * <ul>
 * <li>{@link #OPENAI}: OpenAI's GA protocol at {@code /v1/realtime} (the default);
 * <li>{@link #AZURE}: Azure OpenAI GA at {@code /openai/v1/realtime?model=<deployment>}: any
 *     deployment name, the key in an {@code api-key} header or as a bearer token, an
 *     {@code api-version} query refused with HTTP 400, a wrong key refused with HTTP 401;
 * <li>{@link #XAI}: xAI's Grok Voice Agent API at {@code /v1/realtime}: {@code conversation.created}
 *     first (no {@code session.created}), a hybrid session object ({@code voice} and
 *     {@code turn_detection} at its top), voices {@code eve ara rex sal leo}, server VAD only,
 *     {@code usage} at the top of {@code response.done}, JSON {@code ping} events.
 * </ul>
 * Gemini Live is not simulated yet.
 */
public enum SimDialect {
    /** OpenAI Realtime GA. */
    OPENAI,
    /** Azure OpenAI Realtime GA. */
    AZURE,
    /** xAI Grok Voice Agent API. */
    XAI;

    /** The WebSocket path this dialect serves. */
    String path() {
        return this == AZURE ? "/openai/v1/realtime" : "/v1/realtime";
    }
}
