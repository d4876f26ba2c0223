package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Shapes shared by the events of a response: the response object, rate limits, words, output token cost. */
final class ResponseShape {
    private ResponseShape() {}

    /** The response object skeleton shared by created and done: built by the connection. */
    static ObjectNode skeleton(String id, String conversationId, List<String> modalities, JsonNode maxTokens, JsonNode format,
            JsonNode voice, JsonNode metadata) {
        ObjectNode r = Json.obj();
        r.put("object", "realtime.response");
        r.put("id", id);
        r.put("status", "in_progress");
        r.putNull("status_details");
        r.putArray("output");
        if (conversationId == null) {
            r.putNull("conversation_id");
        } else {
            r.put("conversation_id", conversationId);
        }
        ArrayNode m = r.putArray("output_modalities");
        modalities.forEach(m::add);
        r.set("max_output_tokens", maxTokens);
        ObjectNode out = r.putObject("audio").putObject("output");
        out.set("format", format);
        out.set("voice", voice);
        r.putNull("usage");
        r.set("metadata", metadata == null ? JsonNodeFactory.instance.nullNode() : metadata);
        return r;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ')) {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        if (out.isEmpty()) {
            out.add(text);
        }
        return out;
    }

    /** Fills {@code event} as the GA wire's {@code rate_limits.updated}: only a {@code tokens} entry. */
    static ObjectNode rateLimits(ObjectNode event, Usage.Input inputUsage) {
        ObjectNode t = event.putArray("rate_limits").addObject();
        t.put("name", "tokens");
        t.put("limit", 40000);
        t.put("remaining", Math.max(0, 40000 - inputUsage.total()));
        t.put("reset_seconds", 0.001 * Math.max(1, inputUsage.total()));
        return event;
    }

    /** Output tokens of {@code text}: 1 per 4 characters, plus 1 per 50 ms when spoken. */
    static int cost(String text, boolean audio) {
        if (text.isEmpty()) {
            return 0;
        }
        return Usage.textTokens(text) + (audio ? (int) (SimAudio.spokenMs(text) / 50) : 0);
    }

    /**
     * A finished response's {@code status_details} for {@code status}: the error of a failed reply,
     * the reason of a cancel, {@code max_output_tokens} for an incomplete one; null when completed.
     */
    static ObjectNode statusDetails(String status, Reply reply, String cancelReason) {
        if (status.equals("completed")) {
            return null;
        }
        ObjectNode details = Json.obj();
        details.put("type", status);
        switch (status) {
            case "failed" -> {
                ObjectNode err = details.putObject("error");
                err.put("type", reply.errorType());
                err.put("code", reply.errorCode());
                err.put("message", reply.errorMessage());
            }
            case "cancelled" -> details.put("reason", cancelReason);
            default -> details.put("reason", "max_output_tokens");
        }
        return details;
    }
}
