package dev.tau4j.cost;

/** Who started a response. Every origin is billed; the ledger counts them all. */
public enum ResponseOrigin {
    /** The application asked for it ({@code response.create} in the conversation). */
    REQUESTED,
    /** The application asked for it outside the conversation ({@code "conversation":"none"}). */
    OUT_OF_BAND,
    /** The server started it on its own, e.g. server or semantic VAD at the end of user speech. */
    SERVER_STARTED
}
