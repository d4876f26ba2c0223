package dev.tau4j.event;

/**
 * One entry of {@code rate_limits.updated}.
 *
 * @param name          {@code requests} or {@code tokens}
 * @param limit         the limit in the current window
 * @param remaining     what is left of it
 * @param resetSeconds  seconds until the window resets
 */
public record RateLimit(String name, long limit, long remaining, double resetSeconds) {
}
