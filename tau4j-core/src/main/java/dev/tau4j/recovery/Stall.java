package dev.tau4j.recovery;

import java.time.Duration;

/**
 * A stall: a response was expected, and the server sent nothing for {@code silence}.
 *
 * @param responseId the response that stalled, or null if none had started
 * @param silence    how long the server had been silent
 * @param action     what the session does about it
 */
public record Stall(String responseId, Duration silence, Resilience.StallAction action) {
}
