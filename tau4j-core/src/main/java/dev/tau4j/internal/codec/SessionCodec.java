package dev.tau4j.internal.codec;

import static dev.tau4j.internal.codec.Json.longValue;
import static dev.tau4j.internal.codec.Json.strings;
import static dev.tau4j.internal.codec.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.event.SessionInfo;

final class SessionCodec {

    private SessionCodec() {
    }

    /** Reads a GA session, a beta-shaped one, or xAI's hybrid, into the same typed view. */
    static SessionInfo session(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        Json.requireObject(n, "session");
        JsonNode modalities = n.has("output_modalities") ? n.get("output_modalities") : n.get("modalities");
        String voice = Json.voice(n);
        return new SessionInfo(text(n, "id"), text(n, "type"), text(n, "model"), text(n, "instructions"),
                strings(modalities), voice, longValue(n, "expires_at"), Json.write(n));
    }
}
