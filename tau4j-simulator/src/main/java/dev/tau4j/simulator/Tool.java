package dev.tau4j.simulator;

import java.util.Objects;

/**
 * A function tool offered to the simulated model (session or response {@code tools}).
 *
 * @param name the function name
 * @param description the description, or {@code null}
 * @param parametersJson the JSON Schema of the parameters as JSON text ({@code "{}"} when absent)
 */
public record Tool(String name, String description, String parametersJson) {
    public Tool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parametersJson, "parametersJson");
    }
}
