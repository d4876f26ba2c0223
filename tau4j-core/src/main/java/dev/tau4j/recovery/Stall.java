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

    /** {@code Stall[resp_1 silent for 5 s → RECONNECT]}. */
    @Override
    public String toString() {
        return "Stall[" + (responseId == null ? "no response yet" : responseId) + " silent for "
                + dev.tau4j.internal.Readable.duration(silence) + " → " + action + "]";
    }
}
