package dev.tau4j.simulator;

/** What the simulator does with a client that sends {@code OpenAI-Beta: realtime=v1}. */
public enum BetaShape {
    /** Serve the beta protocol (event names and flat session shape of 2024–2025). */
    SERVE,
    /**
     * Behave like the 2026 service: {@code error} {@code beta_api_shape_disabled}, then close 4000.
     */
    REJECT
}
