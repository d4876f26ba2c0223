package dev.tau4j.cost;

import dev.tau4j.ResponseOrigin;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.Readable;
import java.util.Objects;

/**
 * One response's usage as recorded in a {@link UsageLedger}: one per {@code response.done},
 * whatever its status (cancelled and failed responses are billed too).
 *
 * @param responseId  the server's response id
 * @param origin      who started the response
 * @param model       the session's model when the response ran
 * @param usage       the reported usage ({@link Usage#ZERO} when the server sent none)
 * @param status      the server's status: {@code completed}, {@code cancelled}, {@code incomplete},
 *                    {@code failed}, or what it sends next
 * @param estimate    the cost estimate of {@code usage} for {@code model}
 */
public record ResponseUsage(String responseId, ResponseOrigin origin, String model, Usage usage, String status,
                            CostEstimate estimate) {

    public ResponseUsage {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(estimate, "estimate");
    }

    /** An entry whose estimate is computed with {@code prices}. */
    public static ResponseUsage of(String responseId, ResponseOrigin origin, String model, Usage usage, String status,
                                   PriceTable prices) {
        return new ResponseUsage(responseId, origin, model, usage, status, prices.estimate(model, usage));
    }

    /** {@code ResponseUsage[resp_1 completed, gpt-realtime, 150 tokens, $0.001536]}. */
    @Override
    public String toString() {
        return "ResponseUsage[" + responseId + " " + status + ", " + model + ", " + usage.totalTokens() + " tokens, "
                + (estimate.isKnown() ? Readable.usd(estimate.totalUsd()) : "cost unknown") + "]";
    }
}
