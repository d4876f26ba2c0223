package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.done}: A response ended, whatever the outcome; carries the final status, output items and usage.
 */
public record ResponseDone(String eventId, ResponseInfo response) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.done";

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
