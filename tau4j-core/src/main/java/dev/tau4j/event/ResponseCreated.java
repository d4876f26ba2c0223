package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.created}: A response started ({@code status:"in_progress"}, no output, no usage).
 */
public record ResponseCreated(String eventId, ResponseInfo response) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.created";

    @Override
    public String type() {
        return TYPE;
    }

    /** The id of the response, from {@code response().id()}. */
    @Override
    public String responseId() {
        return response == null ? null : response.id();
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
