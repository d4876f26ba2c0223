package dev.tau4j.event;

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
}
