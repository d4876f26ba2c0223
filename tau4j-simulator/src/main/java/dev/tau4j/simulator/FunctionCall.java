package dev.tau4j.simulator;

import java.util.Objects;

/**
 * A function call the simulated model makes.
 *
 * @param name the tool name
 * @param argumentsJson the arguments as a JSON text (streamed in
 *     {@code response.function_call_arguments.delta} events)
 */
public record FunctionCall(String name, String argumentsJson) {
    public FunctionCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }
}
