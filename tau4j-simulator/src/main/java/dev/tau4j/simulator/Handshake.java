package dev.tau4j.simulator;

import dev.tau4j.simulator.internal.SocketListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;

/**
 * The WebSocket upgrade of one connection: what the request carries in each dialect (model,
 * intent, key, beta shape, Gemini API version), and the refusals answered with an HTTP error
 * instead of 101 ({@link Fault.RejectHandshake}, Azure's). Called on Jetty's threads.
 */
final class Handshake {
    private Handshake() {}

    /** The socket listener of the accepted connection, or null when the upgrade was refused (the response is written). */
    static Object accept(RealtimeSimulator sim, long seed, List<Fault> faults, ServerUpgradeRequest request, ServerUpgradeResponse response,
            Callback callback) {
        for (Fault f : faults) {
            if (f instanceof Fault.RejectHandshake r) {
                return refuse(response, r.status(), r.jsonBody(), callback);
            }
        }
        SimDialect dialect = sim.dialect();
        Fields query = Request.extractQueryParameters(request);
        String model = query.getValue("model");
        if (dialect == SimDialect.AZURE) {
            String refusal = Azure.refusal(query, request.getHeaders().get("api-key"),
                    request.getHeaders().get(HttpHeader.AUTHORIZATION), sim.requiredApiKey());
            if (refusal != null) {
                return refuse(response, refusal.startsWith("{\"error\":{\"code\":\"401\"") ? 401 : 400, refusal, callback);
            }
        }
        if (dialect == SimDialect.GEMINI) {
            // The model comes with setup; the key in a header or the query.
            String header = request.getHeaders().get("x-goog-api-key");
            String key = header != null ? header.trim() : query.getValue("key");
            String path = request.getHttpURI().getPath();
            String version = SimDialect.GEMINI_VERSIONS.stream().filter(v -> path.contains("." + v + ".")).findFirst().orElse("v1beta");
            return new SocketListener(new Connection(sim, seed, null, null, key, false, faults, version));
        }
        if (dialect == SimDialect.XAI && (model == null || model.isBlank())) {
            model = XaiShape.DEFAULT_MODEL;
        }
        String key = null;
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        if (dialect == SimDialect.AZURE && request.getHeaders().get("api-key") != null) {
            key = request.getHeaders().get("api-key").trim();
        }
        for (String proto : request.getSubProtocols()) {
            if (proto.startsWith("openai-insecure-api-key.")) {
                key = proto.substring("openai-insecure-api-key.".length());
            }
            if (proto.equals("realtime")) {
                response.setAcceptedSubProtocol("realtime");
            }
        }
        boolean beta = "realtime=v1".equals(request.getHeaders().get("OpenAI-Beta"))
                || request.getSubProtocols().contains("openai-beta.realtime-v1");
        return new SocketListener(new Connection(sim, seed, model, query.getValue("intent"), key, beta, faults, null));
    }

    /**
     * Lets {@code connector} take paths with an empty segment: Google's SDKs join their base URL,
     * which ends with a slash, and {@code /ws/…}, and the live service accepts the {@code //ws/…}
     * they send; Jetty would refuse it with HTTP 400.
     */
    static void acceptDoubleSlash(ServerConnector connector) {
        HttpConfiguration http = connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
        http.setUriCompliance(http.getUriCompliance().with("gemini-sdk", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    }

    private static Object refuse(ServerUpgradeResponse response, int status, String jsonBody, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(jsonBody.getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }
}
