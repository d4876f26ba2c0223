package dev.tau4j;

import java.util.Objects;

/**
 * Which tools the model may or must call: {@link #AUTO}, {@link #NONE}, {@link #REQUIRED}, or
 * one named function ({@link #function(String)}).
 *
 * @param mode      {@code auto}, {@code none}, {@code required} or {@code function}
 * @param function  the forced function's name when {@code mode} is {@code function}, else null
 */
public record ToolChoice(String mode, String function) {

    public static final ToolChoice AUTO = new ToolChoice("auto", null);
    public static final ToolChoice NONE = new ToolChoice("none", null);
    public static final ToolChoice REQUIRED = new ToolChoice("required", null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ("function".equals(mode) == (function == null)) {
            throw new IllegalArgumentException("a function name goes with mode 'function' and only with it");
        }
    }

    /** Forces the model to call {@code name}. */
    public static ToolChoice function(String name) {
        return new ToolChoice("function", Objects.requireNonNull(name, "name"));
    }

    /** {@code ToolChoice[auto]}, {@code ToolChoice[function get_weather]}. */
    @Override
    public String toString() {
        return "ToolChoice[" + mode + (function == null ? "" : " " + function) + "]";
    }
}
