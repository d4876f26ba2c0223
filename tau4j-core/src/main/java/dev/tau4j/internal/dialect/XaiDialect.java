package dev.tau4j.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.ProtocolException;
import dev.tau4j.SessionOptions;
import dev.tau4j.event.ConversationCreated;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionCreated;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.internal.codec.EventCodec;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.internal.codec.OptionsJson;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * xAI's Grok Voice Agent API: the OpenAI GA event vocabulary with three differences
 * (protocol.md §7.1), translated here so the session sees plain GA events:
 * <ul>
 * <li>the first event is {@code conversation.created}, not {@code session.created}: it is read
 *     as a {@code session.created} with an empty session, after which the session options are sent;
 * <li>{@code usage} is at the top of {@code response.done}: it is moved into the response;
 * <li>the session object is hybrid: {@code voice} and {@code turn_detection} at its top,
 *     {@code audio.input.format} / {@code audio.output.format} nested, no {@code type}.
 * </ul>
 * {@code ping} events decode as {@code Unknown} and are ignored by the session.
 */
final class XaiDialect extends OpenAiDialect {

    private static final byte[] SESSION_CREATED = ("{\"type\":\"session.created\",\"event_id\":\"xai_created\","
            + "\"session\":{\"type\":\"realtime\",\"object\":\"realtime.session\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    XaiDialect(String name, String authHeader, String authPrefix, String modelParameter, Supplier<String> tokens) {
        super(name, authHeader, authPrefix, modelParameter, tokens);
    }

    @Override
    public ServerEvent decode(byte[] buf, int offset, int length) {
        ServerEvent event = super.decode(buf, offset, length);
        if (event instanceof ConversationCreated) {
            return EventCodec.decode(SESSION_CREATED, 0, SESSION_CREATED.length);
        }
        if (event instanceof SessionUpdated || event instanceof SessionCreated) {
            return EventCodec.decode(sessionToGa(buf, offset, length));
        }
        if (event instanceof ResponseDone done && done.response() != null && done.response().usage() == null) {
            try {
                JsonNode root = Json.MAPPER.readTree(buf, offset, length);
                if (root.get("usage") instanceof ObjectNode usage && root.get("response") instanceof ObjectNode response) {
                    response.set("usage", usage);
                    ((ObjectNode) root).remove("usage");
                    return EventCodec.decode(Json.MAPPER.writeValueAsString(root));
                }
            } catch (IOException e) {
                throw new ProtocolException("xAI response.done could not be re-read: " + e.getMessage(), null, e);
            }
        }
        return event;
    }

    /** A hybrid {@code session.updated} frame reshaped to GA: voice and turn detection under {@code audio}. */
    private static String sessionToGa(byte[] buf, int offset, int length) {
        try {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(buf, offset, length);
            if (root.get("session") instanceof ObjectNode session) {
                session.put("type", "realtime");
                JsonNode voice = session.remove("voice");
                JsonNode turn = session.remove("turn_detection");
                ObjectNode audio = session.get("audio") instanceof ObjectNode a ? a : session.putObject("audio");
                if (voice != null) {
                    (audio.get("output") instanceof ObjectNode o ? o : audio.putObject("output")).set("voice", voice);
                }
                if (turn != null) {
                    (audio.get("input") instanceof ObjectNode i ? i : audio.putObject("input")).set("turn_detection", turn);
                }
            }
            return Json.MAPPER.writeValueAsString(root);
        } catch (IOException | ClassCastException e) {
            throw new ProtocolException("xAI session event could not be read: " + e.getMessage(), null, e);
        }
    }

    @Override
    public String sessionJson(SessionOptions options) {
        try {
            ObjectNode session = (ObjectNode) Json.MAPPER.readTree(OptionsJson.session(options));
            session.remove("type");
            if (session.get("audio") instanceof ObjectNode audio) {
                if (audio.get("output") instanceof ObjectNode output && output.has("voice")) {
                    session.set("voice", output.remove("voice"));
                }
                if (audio.get("input") instanceof ObjectNode input && input.has("turn_detection")) {
                    session.set("turn_detection", input.remove("turn_detection"));
                }
            }
            return Json.MAPPER.writeValueAsString(session);
        } catch (IOException e) {
            throw new IllegalStateException("could not reshape the session for xAI: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Dialect[" + name() + "]";
    }
}
