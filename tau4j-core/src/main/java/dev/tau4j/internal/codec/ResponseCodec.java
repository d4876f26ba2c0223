package dev.tau4j.internal.codec;

import static dev.tau4j.internal.codec.Json.strings;
import static dev.tau4j.internal.codec.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.event.ResponseInfo;
import dev.tau4j.event.StatusDetails;
import java.util.LinkedHashMap;
import java.util.Map;

final class ResponseCodec {

    private ResponseCodec() {
    }

    static ResponseInfo response(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        Json.requireObject(n, "response");
        JsonNode details = n.get("status_details");
        StatusDetails statusDetails = details == null || details.isNull() ? null
                : new StatusDetails(text(details, "type"), text(details, "reason"), ErrorCodec.error(details.get("error")));
        JsonNode modalities = n.has("output_modalities") ? n.get("output_modalities") : n.get("modalities");
        String voice = Json.voice(n);
        JsonNode usage = n.get("usage");
        return new ResponseInfo(text(n, "id"), text(n, "status"), statusDetails, ItemCodec.items(n.get("output")),
                text(n, "conversation_id"), strings(modalities), voice,
                usage == null || usage.isNull() ? null : UsageCodec.usage(usage), metadata(n.get("metadata")));
    }

    private static Map<String, String> metadata(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
