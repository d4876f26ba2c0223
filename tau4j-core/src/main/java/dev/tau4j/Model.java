package dev.tau4j;

import java.util.Map;
import java.util.Objects;

/**
 * Realtime model names. An open type: any string is accepted; these are the well-known ones.
 * The seed library's short names {@code "4o"} and {@code "4o-mini"} are accepted as aliases of
 * {@link #GPT_REALTIME} and {@link #GPT_REALTIME_MINI} (the models they stand for today; the
 * preview models they once named were shut down).
 */
public final class Model {

    public static final String GPT_REALTIME = "gpt-realtime";
    public static final String GPT_REALTIME_2025_08_28 = "gpt-realtime-2025-08-28";
    public static final String GPT_REALTIME_MINI = "gpt-realtime-mini";
    public static final String GPT_REALTIME_1_5 = "gpt-realtime-1.5";
    public static final String GPT_REALTIME_2 = "gpt-realtime-2";
    public static final String GPT_REALTIME_2_1_MINI = "gpt-realtime-2.1-mini";

    /** The model sessions use when none is given. */
    public static final String DEFAULT = GPT_REALTIME;

    private static final Map<String, String> ALIASES = Map.of("4o", GPT_REALTIME, "4o-mini", GPT_REALTIME_MINI);

    private Model() {
    }

    /** Resolves the documented aliases; returns any other name unchanged. */
    public static String resolve(String model) {
        Objects.requireNonNull(model, "model");
        String m = model.strip();
        if (m.isEmpty()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        return ALIASES.getOrDefault(m, m);
    }
}
