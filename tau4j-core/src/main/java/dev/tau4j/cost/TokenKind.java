package dev.tau4j.cost;

/**
 * The kinds of tokens that have their own price. Cached kinds are billed instead of, never in
 * addition to, their uncached kind: an estimate bills {@code input − cached} at the uncached rate
 * and {@code cached} at the cached rate.
 */
public enum TokenKind {
    INPUT_TEXT("input_text"),
    INPUT_TEXT_CACHED("input_text_cached"),
    INPUT_AUDIO("input_audio"),
    INPUT_AUDIO_CACHED("input_audio_cached"),
    INPUT_IMAGE("input_image"),
    INPUT_IMAGE_CACHED("input_image_cached"),
    OUTPUT_TEXT("output_text"),
    OUTPUT_AUDIO("output_audio");

    private final String key;

    TokenKind(String key) {
        this.key = key;
    }

    /** The name used in price files and in JSON output, e.g. {@code input_audio_cached}. */
    public String key() {
        return key;
    }

    /** Whether this is a cached-input kind. */
    public boolean isCached() {
        return key.endsWith("_cached");
    }

    /** For a cached kind, the uncached kind it is a subset of; otherwise this kind. */
    public TokenKind uncached() {
        return switch (this) {
            case INPUT_TEXT_CACHED -> INPUT_TEXT;
            case INPUT_AUDIO_CACHED -> INPUT_AUDIO;
            case INPUT_IMAGE_CACHED -> INPUT_IMAGE;
            default -> this;
        };
    }

    /**
     * The kind with the given {@link #key()}.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public static TokenKind ofKey(String key) {
        for (TokenKind kind : values()) {
            if (kind.key.equals(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown token kind '" + key + "'; expected one of "
                + java.util.Arrays.stream(values()).map(TokenKind::key).toList());
    }
}
