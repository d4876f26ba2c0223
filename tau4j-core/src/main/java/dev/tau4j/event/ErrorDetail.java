package dev.tau4j.event;

import dev.tau4j.internal.Redaction;

/**
 * The {@code error} object of a server error event, a failed transcription or a failed response.
 *
 * @param type     e.g. {@code invalid_request_error}, {@code server_error}
 * @param code     machine-readable code, e.g. {@code unknown_parameter}; may be null
 * @param message  the server's human-readable text
 * @param param    the offending parameter path, e.g. {@code session.bogus}; may be null
 * @param eventId  the {@code event_id} of the client event that caused it; may be null
 */
public record ErrorDetail(String type, String code, String message, String param, String eventId) {

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
