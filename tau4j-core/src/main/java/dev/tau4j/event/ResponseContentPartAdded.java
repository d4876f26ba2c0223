package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.content_part.added}: A content part started (GA still names its type {@code audio}/{@code text}).
 */
public record ResponseContentPartAdded(String eventId, String responseId, String itemId, int outputIndex, int contentIndex, ContentPart part) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.content_part.added";

    @Override
    public String type() {
        return TYPE;
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
