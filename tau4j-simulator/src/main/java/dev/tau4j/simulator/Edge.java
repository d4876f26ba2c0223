package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * How one {@link Connection} speaks its provider's dialect: client frames are read into the
 * shared simulated GA session (conversation, input audio, responses), and the session's GA events
 * are shaped for the wire. {@link OpenAiEdge} serves the OpenAI-shaped dialects (GA, beta, Azure,
 * xAI), {@link GeminiConnection} Gemini Live. Confined to the connection thread, except the
 * snapshot accessors.
 */
interface Edge {
    /** The session thread started; the connection's lifetime ends at {@code endNanos} ({@link System#nanoTime()}). */
    default void start(long endNanos, long lifetimeNanos) {
    }

    /** After the faults armed on the new connection: the service's first words (or none, waiting for the client's). */
    void startup();

    /** A whole text frame from the client. */
    void text(String frame);

    /**
     * A whole text frame from the client that is exactly an {@code input_audio_buffer.append} with
     * valid base64 {@code audio}: its ASCII bytes and the decoded audio. By default read as {@link
     * #text(String)}.
     */
    default void append(byte[] frame, byte[] audio) {
        text(new String(frame, StandardCharsets.ISO_8859_1));
    }

    /**
     * True when an {@link #append} in itself sends nothing in this dialect's current state (the
     * session may then read appends late, {@link Inbox}); the connection adds its own conditions.
     */
    default boolean appendsAreQuiet() {
        return false;
    }

    /** A whole binary frame of {@code length} bytes from the client. */
    void binary(int length);

    /** Sends one GA event of the simulated session in this dialect (reshaped, translated, or not at all). */
    void out(ObjectNode gaEvent);

    /** The connection reached the end of its lifetime. */
    void expire();

    /** Nanoseconds until {@link #tick(long)} has something to do. */
    default long untilDue(long now) {
        return Long.MAX_VALUE / 4;
    }

    /** Does what is due at {@code now}; true when it sent something. */
    default boolean tick(long now) {
        return false;
    }

    /** The model the client asked for, or null. Any thread. */
    String model();

    /** The session configuration as the client sees it, JSON. Any thread. */
    String configJson();
}
