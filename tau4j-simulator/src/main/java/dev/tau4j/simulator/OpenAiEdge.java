package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAI-shaped dialects' edge of one {@link Connection}: GA, beta (translated by {@link
 * Beta}), Azure, and xAI (reshaped by {@link XaiShape}). Checks the handshake ({@link Admission}),
 * opens with {@code session.created} (xAI: {@code conversation.created}), dispatches client events
 * and reports client mistakes as {@code error} events. Confined to the connection thread.
 */
final class OpenAiEdge implements Edge {
    static final List<String> CLIENT_TYPES = List.of("session.update", "session.close", "input_audio_buffer.append",
            "session.input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
            "conversation.item.create", "conversation.item.truncate", "conversation.item.delete", "conversation.item.retrieve",
            "response.create", "response.cancel");

    private final Connection conn;
    private final RealtimeSimulator sim;
    private final String model;
    private final String intent;
    private final String apiKey;
    private final boolean beta;
    private final SimDialect dialect;

    OpenAiEdge(Connection conn, String model, String intent, String apiKey, boolean beta) {
        this.conn = conn;
        this.sim = conn.simulator();
        this.model = model;
        this.intent = intent;
        this.apiKey = apiKey;
        this.beta = beta;
        this.dialect = sim.dialect();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String configJson() {
        return conn.gaConfigJson();
    }

    @Override
    public void startup() {
        Admission.Refusal refusal = Admission.check(sim, apiKey, beta, intent, model);
        if (refusal != null) {
            fatal(refusal.closeCode(), refusal.code(), refusal.message());
            return;
        }
        boolean transcription = "transcription".equals(intent);
        long expiresAt = System.currentTimeMillis() / 1000 + sim.sessionExpiry().toSeconds();
        conn.settings().init(SessionConfig.defaults(transcription ? "transcription" : "realtime", conn.sessionId, model, expiresAt));
        if (dialect == SimDialect.XAI) {
            // xAI opens with the conversation; the client then sends session.update and waits for session.updated.
            ObjectNode e = conn.event("conversation.created");
            e.putObject("conversation").put("id", conn.conversationId).put("object", "realtime.conversation");
            conn.send(e);
            return;
        }
        ObjectNode e = conn.event("session.created");
        e.set("session", conn.config().deepCopy());
        conn.send(e);
    }

    private void fatal(int closeCode, String code, String message) {
        conn.send(errorEvent(new SimError(code, message, null), null));
        conn.close(closeCode, code == null ? "invalid_request_error" : "invalid_request_error." + code);
    }

    @Override
    public void expire() {
        long minutes = Math.max(1, (sim.sessionExpiry().toSeconds() + 59) / 60);
        conn.send(errorEvent(new SimError("session_expired", "Your session hit the maximum duration of " + minutes + " minutes.", null), null));
        conn.close(1001, "invalid_request_error.session_expired");
    }

    @Override
    public void out(ObjectNode e) {
        String type = e.get("type").asText();
        conn.emit(type, beta ? Beta.toBeta(e) : dialect == SimDialect.XAI ? XaiShape.fromGa(e) : e, false);
    }

    private ObjectNode errorEvent(SimError err, String clientEventId) {
        ObjectNode e = conn.event("error");
        ObjectNode o = e.putObject("error");
        o.put("type", err.type);
        o.put("code", err.code);
        o.put("message", err.getMessage());
        o.put("param", err.param);
        o.put("event_id", clientEventId);
        return e;
    }

    private void error(SimError err, String clientEventId) {
        conn.send(errorEvent(err, clientEventId));
    }

    @Override
    public void binary(int length) {
        conn.received(null, "<binary " + length + " bytes>");
        error(new SimError("invalid_event", "Expected a text WebSocket message; binary frames are not supported.", null), null);
    }

    @Override
    public boolean appendsAreQuiet() {
        return conn.config() != null && !beta;
    }

    @Override
    public void append(byte[] frame, byte[] audio) {
        if (conn.config() == null || beta) {
            Edge.super.append(frame, audio);
            return;
        }
        conn.receivedAppend(frame);
        try {
            if (!conn.terminated()) {
                conn.input().append(audio);
            }
        } catch (SimError err) {
            error(err, null);
        }
    }

    @Override
    public void text(String text) {
        JsonNode ev;
        try {
            ev = Json.parse(text);
        } catch (Exception e) {
            conn.received(null, text);
            error(new SimError("invalid_json", "Invalid event: failed to parse JSON value. Expected a JSON object with a 'type' field.", null), null);
            return;
        }
        String type = ev.isObject() && ev.path("type").isTextual() ? ev.get("type").asText() : null;
        conn.received(type, text);
        if (conn.terminated()) {
            return;
        }
        String eventId = ev.isObject() ? Json.text(ev, "event_id") : null;
        if (conn.config() == null) {
            return;
        }
        try {
            if (type == null) {
                throw new SimError("invalid_event", "Invalid event: missing required field 'type'.", "type");
            }
            if (beta) {
                ev = Beta.fromBeta(type, ev);
                type = ev.get("type").asText();
            }
            dispatch(type, ev);
        } catch (SimError err) {
            error(err, eventId);
        }
    }

    private void dispatch(String type, JsonNode ev) {
        switch (type) {
            case "session.update" -> {
                conn.settings().apply(dialect == SimDialect.XAI ? XaiShape.toGa(ev.get("session")) : ev.get("session"), 0);
                conn.send(conn.event("session.updated").set("session", conn.config().deepCopy()));
            }
            case "input_audio_buffer.append", "session.input_audio_buffer.append" -> conn.input().append(ev);
            case "input_audio_buffer.commit" -> conn.input().commit();
            case "input_audio_buffer.clear" -> conn.input().clear();
            case "conversation.item.create" -> conn.conversation().create(ev);
            case "conversation.item.retrieve" -> conn.conversation().retrieve(ev);
            case "conversation.item.delete" -> conn.conversation().delete(ev);
            case "conversation.item.truncate" -> conn.conversation().truncate(ev);
            case "response.create" -> conn.responses().create(ev.get("response"));
            case "response.cancel" -> conn.responses().cancel(Json.text(ev, "response_id"));
            case "session.close" -> conn.close(1000, "");
            default -> throw SimError.invalidValue("type", type, CLIENT_TYPES.toArray(String[]::new));
        }
    }
}
