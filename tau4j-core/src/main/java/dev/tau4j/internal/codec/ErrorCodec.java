package dev.tau4j.internal.codec;

import static dev.tau4j.internal.codec.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.event.ErrorDetail;

final class ErrorCodec {

    private ErrorCodec() {
    }

    static ErrorDetail error(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        Json.requireObject(n, "error");
        return new ErrorDetail(text(n, "type"), text(n, "code"), text(n, "message"), text(n, "param"), text(n, "event_id"));
    }
}
