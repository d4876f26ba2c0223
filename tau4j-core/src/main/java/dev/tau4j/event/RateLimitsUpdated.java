package dev.tau4j.event;

import dev.tau4j.internal.Redaction;
import java.util.List;

/**
 * {@code rate_limits.updated}: Rate limits after a response (GA: after {@code response.done}, tokens only).
 */
public record RateLimitsUpdated(String eventId, List<RateLimit> rateLimits) implements ServerEvent {

    public RateLimitsUpdated {
        rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
    }

    /** The wire type. */
    public static final String TYPE = "rate_limits.updated";

    @Override
    public String type() {
        return TYPE;
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
