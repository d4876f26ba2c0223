package dev.tau4j;

/**
 * Turn detection (voice activity detection) for {@link SessionOptions}. Three states matter on
 * the wire, and all three are expressible: leave it unset in {@code SessionOptions} (the server's
 * default applies, which is server VAD on), {@link #disabled()} (sends {@code null}: manual
 * commit and {@code response.create}), or a {@link ServerVad} / {@link SemanticVad} value.
 */
public sealed interface TurnDetection {

    /** Turn detection off: the client commits audio and asks for responses itself. */
    static TurnDetection disabled() {
        return Disabled.INSTANCE;
    }

    /** Server VAD with the server's defaults. */
    static ServerVad serverVad() {
        return new ServerVad(null, null, null, null, null, null);
    }

    /** Semantic VAD with the server's defaults. */
    static SemanticVad semanticVad() {
        return new SemanticVad(null, null, null);
    }

    /** Turn detection explicitly off. */
    enum Disabled implements TurnDetection {
        INSTANCE
    }

    /**
     * Energy-based server VAD. Null fields are not sent (the server default applies).
     *
     * @param threshold          0.0–1.0, higher needs louder speech (server default 0.5)
     * @param prefixPaddingMs    audio kept before the detected start (default 300)
     * @param silenceDurationMs  silence that ends a turn (default 200 on the wire)
     * @param idleTimeoutMs      5000–30000: prompt the model after this much silence, or null
     * @param createResponse     respond automatically at the end of speech (default true)
     * @param interruptResponse  cancel the running response when the user speaks (default true)
     */
    record ServerVad(Double threshold, Integer prefixPaddingMs, Integer silenceDurationMs, Integer idleTimeoutMs,
            Boolean createResponse, Boolean interruptResponse) implements TurnDetection {

        public ServerVad {
            if (threshold != null && (threshold < 0 || threshold > 1)) {
                throw new IllegalArgumentException("threshold must be within 0..1, got " + threshold);
            }
            if (prefixPaddingMs != null && prefixPaddingMs < 0) {
                throw new IllegalArgumentException("prefixPaddingMs must not be negative");
            }
            if (silenceDurationMs != null && silenceDurationMs < 0) {
                throw new IllegalArgumentException("silenceDurationMs must not be negative");
            }
        }

        public ServerVad withThreshold(double value) {
            return new ServerVad(value, prefixPaddingMs, silenceDurationMs, idleTimeoutMs, createResponse, interruptResponse);
        }

        public ServerVad withPrefixPaddingMs(int value) {
            return new ServerVad(threshold, value, silenceDurationMs, idleTimeoutMs, createResponse, interruptResponse);
        }

        public ServerVad withSilenceDurationMs(int value) {
            return new ServerVad(threshold, prefixPaddingMs, value, idleTimeoutMs, createResponse, interruptResponse);
        }

        public ServerVad withIdleTimeoutMs(int value) {
            return new ServerVad(threshold, prefixPaddingMs, silenceDurationMs, value, createResponse, interruptResponse);
        }

        public ServerVad withCreateResponse(boolean value) {
            return new ServerVad(threshold, prefixPaddingMs, silenceDurationMs, idleTimeoutMs, value, interruptResponse);
        }

        public ServerVad withInterruptResponse(boolean value) {
            return new ServerVad(threshold, prefixPaddingMs, silenceDurationMs, idleTimeoutMs, createResponse, value);
        }
    }

    /**
     * Semantic VAD: the model decides when the user has finished.
     *
     * @param eagerness          {@code low}, {@code medium}, {@code high} or {@code auto}; null = server default
     * @param createResponse     respond automatically at the end of a turn (default true)
     * @param interruptResponse  cancel the running response when the user speaks (default true)
     */
    record SemanticVad(String eagerness, Boolean createResponse, Boolean interruptResponse) implements TurnDetection {

        public SemanticVad withEagerness(String value) {
            return new SemanticVad(value, createResponse, interruptResponse);
        }

        public SemanticVad withCreateResponse(boolean value) {
            return new SemanticVad(eagerness, value, interruptResponse);
        }

        public SemanticVad withInterruptResponse(boolean value) {
            return new SemanticVad(eagerness, createResponse, value);
        }
    }
}
