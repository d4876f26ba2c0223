package dev.tau4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tau4j.internal.codec.Json;
import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param name            the function name (letters, digits, {@code _} and {@code -})
 * @param description     what it does and when to call it, for the model
 * @param parametersJson  a JSON Schema object for the arguments, as JSON text
 */
public record Tool(String name, String description, String parametersJson) {

    public Tool {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("tool name must be 1-64 letters, digits, '_' or '-', got '" + name + "'");
        }
        if (parametersJson == null) {
            parametersJson = "{\"type\":\"object\",\"properties\":{}}";
        }
        try {
            if (!Json.MAPPER.readTree(parametersJson).isObject()) {
                throw new IllegalArgumentException("parametersJson of tool '" + name + "' must be a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parametersJson of tool '" + name + "' is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A tool that takes no arguments. */
    public static Tool of(String name, String description) {
        return new Tool(name, description, null);
    }

    /** A tool with a JSON Schema for its arguments. */
    public static Tool of(String name, String description, String parametersJson) {
        return new Tool(name, description, parametersJson);
    }

    /** {@code Tool[get_weather: The weather in a city…]}; the schema is left out. */
    @Override
    public String toString() {
        return "Tool[" + name + ": " + dev.tau4j.internal.Readable.clip(description, 80) + "]";
    }
}
