package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * One entry of {@code rate_limits.updated}.
 *
 * @param name          {@code requests} or {@code tokens}
 * @param limit         the limit in the current window
 * @param remaining     what is left of it
 * @param resetSeconds  seconds until the window resets
 */
public record RateLimit(String name, long limit, long remaining, double resetSeconds) {

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
