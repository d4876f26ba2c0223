package dev.tau4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A realtime server whose responses are whatever the test scripts, frame by frame, for frames the
 * simulator would never send (a required field missing, a field of the wrong type). It answers
 * the session's own calls as the protocol does ({@code session.created} on connect,
 * {@code session.updated}, {@code conversation.item.added}/{@code .done}), and answers each
 * {@code response.create} with {@code response.created} (carrying the request's metadata, id
 * {@code resp_N}) followed by the frames the script returns for it.
 */
public final class ScriptedServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final int port;
    /** For response {@code resp_N} (its id) and its {@code response.create}: the frames to send after {@code response.created}. */
    private final BiFunction<String, JsonNode, List<String>> script;
    private final AtomicInteger responses = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Session> open = new CopyOnWriteArrayList<>();
    /** Reshapes each {@code response.created} before it is sent (the identity unless a test says otherwise). */
    private volatile UnaryOperator<ObjectNode> reshapeCreated = UnaryOperator.identity();

    ScriptedServer(BiFunction<String, JsonNode, List<String>> script) {
        this.script = script;
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ZERO);
            container.addMapping("/v1/realtime", (request, response, callback) -> new Peer());
        }));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        port = connector.getLocalPort();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + port + "/v1/realtime");
    }

    /** Connections accepted so far (a reconnect would add one). */
    int connections() {
        return connections.get();
    }

    /** {@code response.create} events received so far (asking for a response again would add one). */
    int responseCreates() {
        return responses.get();
    }

    /** From now on, each {@code response.created} is sent as {@code reshape} leaves it. */
    void reshapeCreated(UnaryOperator<ObjectNode> reshape) {
        this.reshapeCreated = reshape;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    public final class Peer implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            open.add(s);
            connections.incrementAndGet();
            send("{\"type\":\"session.created\",\"event_id\":\"ev_c\",\"session\":{\"type\":\"realtime\",\"id\":\"sess_1\","
                    + "\"object\":\"realtime.session\",\"model\":\"gpt-realtime\",\"output_modalities\":[\"audio\"]}}");
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                JsonNode event = JSON.readTree(text);
                switch (event.path("type").asText()) {
                    case "session.update" -> send("{\"type\":\"session.updated\",\"event_id\":\"ev_u\",\"session\":"
                            + event.path("session") + "}");
                    case "conversation.item.create" -> {
                        ObjectNode item = ((ObjectNode) event.path("item")).put("status", "completed");
                        send("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_a\",\"previous_item_id\":null,\"item\":"
                                + item + "}");
                        send("{\"type\":\"conversation.item.done\",\"event_id\":\"ev_d\",\"previous_item_id\":null,\"item\":"
                                + item + "}");
                    }
                    case "response.create" -> {
                        String id = "resp_" + responses.incrementAndGet();
                        String created = "{\"type\":\"response.created\",\"event_id\":\"ev_r\",\"response\":{\"object\":"
                                + "\"realtime.response\",\"id\":\"" + id + "\",\"status\":\"in_progress\",\"output\":[],"
                                + "\"conversation_id\":\"conv_1\",\"metadata\":" + event.path("response").path("metadata") + "}}";
                        send(reshapeCreated.apply((ObjectNode) JSON.readTree(created)).toString());
                        script.apply(id, event).forEach(this::send);
                    }
                    default -> {
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            open.remove(session);
        }

        private void send(String frame) {
            session.sendText(frame, Callback.NOOP);
        }
    }
}
