package dev.tau4j.internal.debug;

import dev.tau4j.recovery.RecoveryStats;
import dev.tau4j.recovery.Stall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tau4j.Response;
import dev.tau4j.Session;
import dev.tau4j.SessionState;
import dev.tau4j.TauException;
import dev.tau4j.cost.CostTotal;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.internal.Redaction;
import dev.tau4j.internal.codec.Json;
import java.util.ArrayList;
import java.util.List;
import dev.tau4j.internal.codec.UsageCodec;

/**
 * The messages a relay sends the debug server (docs/debug.md, "Relay protocol"). Each is built as
 * a JSON object and written by Jackson, never by concatenating text, so nothing a model server
 * puts in a frame can end the envelope early or add fields to it. None carries the API key: the
 * options a session was created with are never sent, and every string of every message (a frame
 * echoing a key in its instructions or error message included) goes through {@link Redaction}
 * before it is written.
 */
final class RelayMessages {

    /** Version of the relay protocol, announced in {@code tau.hello} (2: mutual authentication first). */
    static final int PROTOCOL = 2;
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private RelayMessages() {
    }

    /**
     * {@code tau.hello}: the session announces itself (its provider's name when known, such as
     * {@code "gemini"}, whose raw frames the UI then shows); always the first message.
     */
    static String hello(Session session, String provider) {
        ObjectNode m = message("tau.hello");
        m.put("protocol", PROTOCOL);
        m.put("name", session.name());
        m.put("model", session.model());
        if (provider != null) {
            m.put("provider", provider);
        }
        m.put("state", session.state().name());
        m.put("pid", ProcessHandle.current().pid());
        SessionInfo config = session.sessionConfig();
        JsonNode sessionObject = config == null ? null : parse(config.json());
        if (sessionObject != null) {
            m.set("session", sessionObject);
        } else {
            m.putNull("session");
        }
        return write(m);
    }

    /**
     * {@code tau.event}: one frame as it crossed the wire, as the value of {@code "event"}: as an
     * object when the frame is exactly one JSON object (nothing after it, no duplicate field),
     * else as a string.
     */
    static String event(String direction, long epochMillis, String frame) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("type", "tau.event");
        m.put("dir", direction);
        m.put("t", epochMillis);
        JsonNode event = strictObject(frame);
        if (event != null) {
            m.set("event", event);
        } else {
            m.put("event", frame);
        }
        return write(m);
    }

    /** {@code text} as a JSON object when it is exactly one, with no duplicate field; else null. */
    static JsonNode strictObject(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node instanceof ObjectNode ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code tau.state}: a state change, by the states' names (future states included). */
    static String state(SessionState previous, SessionState current) {
        ObjectNode m = message("tau.state");
        m.put("previous", previous == null ? null : previous.name());
        m.put("current", current.name());
        return write(m);
    }

    /** {@code tau.stall}: the watchdog saw no server event while a response was expected. */
    static String stall(dev.tau4j.recovery.Stall stall) {
        ObjectNode m = message("tau.stall");
        m.put("response_id", stall.responseId());
        m.put("silence_ms", stall.silence().toMillis());
        m.put("action", stall.action().name());
        return write(m);
    }

    /** {@code tau.rollover}: the session switched to a fresh connection before the session cap. */
    static String rollover(dev.tau4j.recovery.RecoveryStats stats) {
        ObjectNode m = message("tau.rollover");
        m.put("rollovers", stats.rollovers());
        m.put("reconnects", stats.reconnects());
        m.put("items_replayed", stats.itemsReplayed());
        return write(m);
    }

    /** {@code tau.response}: a finished response with its usage and cost, and the session's totals so far. */
    static String response(Session session, Response r) {
        ObjectNode m = message("tau.response");
        ObjectNode o = m.putObject("response");
        o.put("id", r.id());
        o.put("status", r.status().name());
        o.put("status_reason", r.statusReason());
        o.put("origin", r.origin().name());
        o.put("transcript", r.transcript());
        o.put("audio_ms", r.audioDuration().toMillis());
        o.set("usage", UsageCodec.toJson(r.usage()));
        o.set("cost", r.costEstimate().toJson());
        ObjectNode totals = m.putObject("totals");
        totals.set("usage", UsageCodec.toJson(session.usage()));
        CostTotal total = session.ledger().totalEstimate();
        totals.put("cost_usd", total.knownUsd().doubleValue());
        totals.put("cost_parts_known", total.knownParts());
        totals.put("cost_parts_unknown", total.unknownParts());
        totals.put("responses", session.ledger().responseCount());
        totals.put("connected_ms", session.ledger().connectedTime().toMillis());
        return write(m);
    }

    /** {@code tau.error}: a session error, or a command from the UI that failed (its message redacted like every string). */
    static String error(String command, Throwable error) {
        ObjectNode m = message("tau.error");
        m.put("command", command);
        m.put("error", error instanceof TauException ? error.getClass().getSimpleName() : error.getClass().getName());
        m.put("message", String.valueOf(error.getMessage()));
        return write(m);
    }

    /** {@code tau.dropped}: cumulative counts of what was not relayed because the debug server lagged. */
    static String dropped(long frames, long inputAudioChunks) {
        ObjectNode m = message("tau.dropped");
        m.put("frames", frames);
        m.put("input_audio_chunks", inputAudioChunks);
        return write(m);
    }

    /** {@code node} with every string and field name redacted (containers are changed in place). */
    static JsonNode redacted(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            String masked = Redaction.redact(text);
            return masked.equals(text) ? node : TextNode.valueOf(masked);
        }
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>(o.size());
            o.fieldNames().forEachRemaining(names::add);
            boolean renamed = false;
            for (String name : names) {
                renamed |= !Redaction.redact(name).equals(name);
            }
            if (!renamed) {
                for (String name : names) {
                    JsonNode child = o.get(name);
                    JsonNode masked = redacted(child);
                    if (masked != child) {
                        o.set(name, masked);
                    }
                }
                return o;
            }
            ObjectNode copy = Json.MAPPER.createObjectNode();
            for (String name : names) {
                copy.set(Redaction.redact(name), redacted(o.get(name)));
            }
            return copy;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode child = a.get(i);
                JsonNode masked = redacted(child);
                if (masked != child) {
                    a.set(i, masked);
                }
            }
        }
        return node;
    }

    private static ObjectNode message(String type) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("type", type);
        m.put("t", System.currentTimeMillis());
        return m;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(redacted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a debug message", e);
        }
    }
}
