package dev.tau4j;

import dev.tau4j.internal.tools.ToolSchema;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A tool the session runs by itself: a {@link Tool} declaration whose JSON schema comes from a
 * record, and the Java function that does the work. Register it with
 * {@link SessionOptions.Builder#tool(ExecutableTool)} (sent in {@code session.update}) or
 * {@link ResponseOptions.Builder#tool(ExecutableTool)} (for one response).
 * {@snippet :
 * enum Unit { CELSIUS, FAHRENHEIT }
 * record WeatherQuery(@Description("city name, e.g. Paris") String city, Optional<Unit> unit) { }
 *
 * ExecutableTool<WeatherQuery> weather = ExecutableTool.of("get_weather", "Current weather in a city",
 *         WeatherQuery.class, q -> forecasts.current(q.city(), q.unit().orElse(Unit.CELSIUS)));
 * SessionOptions options = SessionOptions.builder().tool(weather).build();
 * }
 *
 * <h2>The schema</h2>
 * One property per record component, named like it: {@code String} → string, integral types →
 * integer, floating and {@code BigDecimal} → number, booleans → boolean, an enum → string with the
 * constants' names as {@code enum}, {@code List<T>} → array, a record → nested object. Every
 * component is required except an {@code Optional<T>} or one annotated {@code @Nullable} (any
 * annotation of that simple name kept at run time: JSpecify, JSR-305, Jakarta), which binds to
 * empty or null when the model leaves it out. {@link Description} on a component (or a nested
 * record type) becomes its {@code description}. Other types (maps, arrays, {@code char}…) are
 * refused when the tool is made.
 *
 * <h2>What happens when the model calls it</h2>
 * When an in-conversation response that completed contains a call of this tool:
 * <ol>
 *   <li>the arguments are bound to the record, strictly by type (a string is not a number);
 *       unknown properties are ignored, enum constants match regardless of case, and the
 *       record's own constructor may refuse values by throwing;</li>
 *   <li>the function runs on its own virtual thread (it may block, and may make blocking session
 *       calls), never on the session's reader, so audio and events keep flowing;</li>
 *   <li>its result goes back as the call's {@code function_call_output}: a {@code String} as is,
 *       null as {@code {"ok":true}}, anything else as JSON (records, maps, numbers…);</li>
 *   <li>once every call of the response has its output, and if every call was of an executable
 *       tool and at least one wants it ({@link #followUp()}, on by default), a follow-up response
 *       is requested with {@code tool_choice: auto} (so a session with {@code required} does not
 *       loop), letting the model speak the result. It arrives like any response, on
 *       {@link Session#responses()} and {@link SessionListener#onResponse}.</li>
 * </ol>
 * Arguments that do not fit, an exception, or running longer than {@link #timeout()} (the
 * thread is then interrupted) send an error the model can read instead —
 * {@code {"error":"invalid_arguments"|"tool_failed"|"timeout","message":"…"}} — and log a
 * warning. When the user starts speaking ({@code input_audio_buffer.speech_started}) tools still
 * running are interrupted, answered with {@code {"error":"cancelled",…}}, and no follow-up is
 * requested: the user's new turn gets its own response. Closing the session interrupts them
 * too. Calls in out-of-band, cancelled, failed or incomplete responses are not run. A function
 * that ignores interrupts keeps its thread until it returns; its result is then dropped.
 *
 * @param tool          the declaration sent to the model: from {@link #of}, or one with a
 *                      hand-written schema that {@code argumentType} binds
 * @param argumentType  the record the arguments are bound to
 * @param function      the work; receives the bound arguments, returns the output (see above)
 * @param timeout       how long the function may run before it is interrupted (positive)
 * @param followUp      whether a response is requested after the output (see above)
 * @param <R>           the argument record type
 */
public record ExecutableTool<R extends Record>(Tool tool, Class<R> argumentType, Function<? super R, ?> function,
        Duration timeout, boolean followUp) {

    /** The default {@link #timeout()}: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The argument record of tools that take none ({@link #of(String, String, Supplier)}). */
    public record NoArguments() {
    }

    public ExecutableTool {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(argumentType, "argumentType");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /**
     * A tool whose parameters schema is generated from {@code argumentType}, with the default
     * timeout and a follow-up response.
     *
     * @throws IllegalArgumentException if the name is not a valid tool name, or a component of
     *                                  the record has a type without a JSON mapping (supported:
     *                                  String, numbers, booleans, enums, {@code List<T>},
     *                                  {@code Optional<T>}, records)
     */
    public static <R extends Record> ExecutableTool<R> of(String name, String description, Class<R> argumentType,
            Function<? super R, ?> function) {
        Objects.requireNonNull(argumentType, "argumentType");
        return new ExecutableTool<>(Tool.of(name, description, ToolSchema.of(argumentType)), argumentType, function,
                DEFAULT_TIMEOUT, true);
    }

    /** A tool without parameters: {@code action} runs when the model calls it. */
    public static ExecutableTool<NoArguments> of(String name, String description, Supplier<?> action) {
        Objects.requireNonNull(action, "action");
        return of(name, description, NoArguments.class, none -> action.get());
    }

    /** The tool's name. */
    public String name() {
        return tool.name();
    }

    /** This tool with another timeout. */
    public ExecutableTool<R> withTimeout(Duration timeout) {
        return new ExecutableTool<>(tool, argumentType, function, timeout, followUp);
    }

    /** This tool with the follow-up response on or off. */
    public ExecutableTool<R> withFollowUp(boolean followUp) {
        return new ExecutableTool<>(tool, argumentType, function, timeout, followUp);
    }
}
