package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A session's effective GA configuration: the object, confined to the session thread, and its JSON,
 * which other threads may read. Every change goes to {@code onChange} (the input side reconfigures).
 */
final class EffectiveConfig {

    private final BooleanSupplier assistantAudio;
    private final Consumer<ObjectNode> onChange;
    /** Null until the edge's startup. */
    private ObjectNode current;
    private volatile String json = "{}";

    /** {@code assistantAudio}: whether the conversation holds assistant audio (the voice is then fixed). */
    EffectiveConfig(BooleanSupplier assistantAudio, Consumer<ObjectNode> onChange) {
        this.assistantAudio = assistantAudio;
        this.onChange = onChange;
    }

    /** The effective GA session object; null until {@link #init}. */
    ObjectNode current() {
        return current;
    }

    /** The effective GA session object as JSON. */
    String json() {
        return json;
    }

    /** Sets the initial session config (defaults of the session type). */
    void init(ObjectNode initial) {
        changed(initial);
    }

    /**
     * Merges a GA session update into the effective config (a failed one changes nothing); a
     * positive {@code inputRate} sets the PCM input rate, which GA clients cannot choose.
     */
    void apply(JsonNode update, int inputRate) {
        ObjectNode merged = SessionConfig.merge(current, update, assistantAudio.getAsBoolean());
        if (inputRate > 0) {
            ((ObjectNode) merged.path("audio").path("input").path("format")).put("rate", inputRate);
        }
        changed(merged);
    }

    private void changed(ObjectNode config) {
        current = config;
        json = Json.write(config);
        onChange.accept(config);
    }
}
