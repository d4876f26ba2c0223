package dev.tau4j;

/** Who started a response. */
public enum ResponseOrigin {
    /** This client asked for it in the conversation ({@code response()} / {@code requestResponse()}). */
    REQUESTED,
    /** This client asked for it outside the conversation ({@code conversation: "none"}). */
    OUT_OF_BAND,
    /** The server started it by itself, e.g. server VAD at the end of the user's speech. */
    SERVER_STARTED
}
