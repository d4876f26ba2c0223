package dev.tau4j.internal;

import dev.tau4j.FunctionCall;
import dev.tau4j.Response;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.ResponseStatus;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.TurnContext;
import dev.tau4j.event.Item;
import dev.tau4j.event.StatusDetails;
import dev.tau4j.event.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the engine builds API values whose constructors are not public ({@link Response}). The API
 * class registers its factory here when it is initialised; nothing outside tau4j-core can reach
 * this package (see {@code module-info}).
 */
public final class ApiBridge {

    /** Everything a {@link Response} is made of. */
    public record ResponseParts(String id, ResponseStatus status, StatusDetails statusDetails, String transcript,
            List<byte[]> audioChunks, AudioFormat audioFormat, List<FunctionCall> functionCalls, List<Item> output,
            Usage usage, Response.Timings timings, String model, ResponseOrigin origin, String conversationId,
            Map<String, String> metadata, Instant firstAudioAt, CostEstimate costEstimate, TurnContext context,
            long audioBytesReceived) {
    }

    private static volatile Function<ResponseParts, Response> responses;

    private ApiBridge() {
    }

    /** Called once, by {@link Response}'s static initialiser. */
    public static void responses(Function<ResponseParts, Response> factory) {
        if (responses == null) {
            responses = Objects.requireNonNull(factory);
        }
    }

    public static Response newResponse(ResponseParts parts) {
        Function<ResponseParts, Response> f = responses;
        if (f == null) {
            initialize(Response.class);
            f = responses;
        }
        return f.apply(parts);
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
