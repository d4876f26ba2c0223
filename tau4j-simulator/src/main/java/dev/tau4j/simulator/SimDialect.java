package dev.tau4j.simulator;

import java.util.List;
import java.util.stream.Stream;

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
 * <li>{@link #GEMINI}: Google's Gemini Live API (BidiGenerateContent) at {@code
 *     /ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent} (and the
 *     {@code v1alpha} one): {@code setup} first, answered by {@code setupComplete}; {@code
 *     clientContent}, {@code realtimeInput} (PCM16 16 kHz in, server VAD or explicit activity),
 *     {@code toolResponse}; {@code serverContent} with 24 kHz audio, transcriptions, {@code
 *     interrupted}, {@code generationComplete}, {@code turnComplete} + {@code usageMetadata};
 *     {@code toolCall}/{@code toolCallCancellation}; {@code goAway} before the {@linkplain
 *     RealtimeSimulator.Builder#connectionLifetime(java.time.Duration) connection lifetime};
 *     session resumption. The key goes in an {@code x-goog-api-key} header or a {@code key}
 *     query parameter; errors are close frames (1007, 1008, 1011), never JSON.
 * </ul>
 */
public enum SimDialect {
    /** OpenAI Realtime GA. */
    OPENAI,
    /** Azure OpenAI Realtime GA. */
    AZURE,
    /** xAI Grok Voice Agent API. */
    XAI,
    /** Google Gemini Live API (BidiGenerateContent over WebSocket). */
    GEMINI;

    /** The Gemini API versions served, the first being {@link #path()}'s. */
    static final List<String> GEMINI_VERSIONS = List.of("v1beta", "v1alpha", "v1");

    /** Gemini's path for an API version ({@code v1beta}, {@code v1alpha}). */
    static String geminiPath(String version) {
        return "/ws/google.ai.generativelanguage." + version + ".GenerativeService.BidiGenerateContent";
    }

    /** The WebSocket path a client connects to (the first of {@link #paths()}). */
    String path() {
        return paths().get(0);
    }

    /**
     * Every WebSocket path this dialect serves. Gemini's for the API versions {@code v1beta},
     * {@code v1alpha} and {@code v1} (the default of {@code @google/genai} 3), each also with a
     * doubled slash, as Google's SDKs send them (their base URL ends with one).
     */
    List<String> paths() {
        return switch (this) {
            case AZURE -> List.of("/openai/v1/realtime");
            case GEMINI -> GEMINI_VERSIONS.stream().flatMap(v -> Stream.of(geminiPath(v), "/" + geminiPath(v))).toList();
            default -> List.of("/v1/realtime");
        };
    }
}
