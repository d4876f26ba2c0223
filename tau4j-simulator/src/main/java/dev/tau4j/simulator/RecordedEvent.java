package dev.tau4j.simulator;

import java.util.Objects;

/**
 * One client event as the simulator received it.
 *
 * @param sessionId the receiving session's {@code sess_…} id
 * @param type the event's {@code type} (for Gemini Live, the message's top-level key such as {@code
 *     realtimeInput}), or {@code null} when the frame was not a JSON object with a string type
 *     (non-JSON text, binary frame)
 * @param json the raw text frame ({@code "<binary N bytes>"} for binary frames)
 */
public record RecordedEvent(String sessionId, String type, String json) {
    public RecordedEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(json, "json");
    }
}
