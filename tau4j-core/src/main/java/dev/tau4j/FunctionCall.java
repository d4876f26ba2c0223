package dev.tau4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tau4j.internal.codec.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A function call the model made in a response.
 *
 * @param itemId     the {@code function_call} item id
 * @param callId     the call id to answer with {@link Session#functionCallOutput(String, String)}
 * @param name       the function name
 * @param arguments  the arguments as the model wrote them (JSON text, possibly invalid)
 */
public record FunctionCall(String itemId, String callId, String name, String arguments) {

    public FunctionCall {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "" : arguments;
    }

    /** The arguments parsed as a JSON object, or empty if they are not valid JSON or not an object. */
    public Optional<Map<String, Object>> parsedArguments() {
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(arguments, new TypeReference<Map<String, Object>>() { }));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The arguments bound to {@code type} (a record, usually).
     *
     * @throws IllegalArgumentException if they do not fit {@code type}
     */
    public <T> T argumentsAs(Class<T> type) {
        try {
            return Json.MAPPER.readValue(arguments, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments of " + name + " do not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code FunctionCall[get_weather({"city":"Paris"}), call call_1]}; long arguments are cut at 200 characters. */
    @Override
    public String toString() {
        return "FunctionCall[" + name + "(" + dev.tau4j.internal.Readable.clip(arguments, 200) + "), call " + callId + "]";
    }
}
