package dev.tau4j.event;

import dev.tau4j.internal.Redaction;
import java.util.List;

/**
 * The session object of {@code session.created} / {@code session.updated}: the most used fields
 * typed, and the whole object as JSON for everything else.
 *
 * @param id                the session id ({@code sess_…})
 * @param type              {@code realtime} or {@code transcription}; null on beta-shaped sessions
 * @param model             the model, as the client asked for it
 * @param instructions      the system instructions in force
 * @param outputModalities  {@code [audio]} or {@code [text]} (beta {@code modalities} mapped here)
 * @param voice             the output voice
 * @param expiresAt         when the server ends the session, Unix seconds; 0 when unknown
 * @param json              the raw JSON of the whole session object
 */
public record SessionInfo(
        String id,
        String type,
        String model,
        String instructions,
        List<String> outputModalities,
        String voice,
        long expiresAt,
        String json) {

    public SessionInfo {
        outputModalities = outputModalities == null ? List.of() : List.copyOf(outputModalities);
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
