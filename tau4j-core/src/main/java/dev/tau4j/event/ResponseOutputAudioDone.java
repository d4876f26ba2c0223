package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * {@code response.output_audio.done}: The audio of a content part is complete. Also decoded from the older name {@code response.audio.done}.
 */
public record ResponseOutputAudioDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex) implements ResponseEvent {

    /** The wire type. */
    public static final String TYPE = "response.output_audio.done";

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
