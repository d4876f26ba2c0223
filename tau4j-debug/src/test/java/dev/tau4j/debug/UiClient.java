package dev.tau4j.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A UI over a real WebSocket (/ui): what a page receives, and a way to send it commands. */
final class UiClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    /** Every message received so far, in order (also those taken by await). */
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final WebSocket ws;

    private UiClient(URI uri) throws Exception {
        ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String m = partial.toString();
                    partial.setLength(0);
                    all.add(m);
                    inbox.add(m);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    static UiClient connect(DebugServer server) throws Exception {
        return new UiClient(URI.create("ws://127.0.0.1:" + server.port() + "/ui?token=" + server.token()));
    }

    /** The next message matching {@code match}, skipping others; fails after {@code timeout}. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching message within " + timeout + "; received " + all.size() + " messages");
            }
            JsonNode node = JSON.readTree(m);
            if (match.test(node)) {
                return node;
            }
        }
    }

    JsonNode await(String type, Duration timeout) throws Exception {
        return await(m -> type.equals(m.path("type").asText()), timeout);
    }

    /** A session event of {@code eventType} from the server, or the client ({@code dir}). */
    static Predicate<JsonNode> event(String sid, String dir, String eventType) {
        return m -> "tau.event".equals(m.path("type").asText()) && sid.equals(m.path("sid").asText())
                && dir.equals(m.path("dir").asText()) && eventType.equals(m.path("event").path("type").asText());
    }

    /** The sid of the session called {@code name}, from its announce, whenever it came. */
    String sidOf(String name, Duration timeout) throws Exception {
        return seen(m -> "tau.hello".equals(m.path("type").asText()) && name.equals(m.path("name").asText()), timeout,
                "no session called " + name).path("sid").asText();
    }

    /**
     * The first message matching {@code match} among all received so far, whenever it came (even
     * before messages {@link #await} already passed over), or the next one within {@code timeout}.
     */
    JsonNode seen(Predicate<JsonNode> match, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String m : received()) {
                JsonNode node = JSON.readTree(m);
                if (match.test(node)) {
                    return node;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || inbox.poll(left, TimeUnit.NANOSECONDS) == null) {
                throw new AssertionError(what + " within " + timeout + "; received " + all.size() + " messages");
            }
        }
    }

    void send(String json) throws Exception {
        ws.sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    List<String> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        ws.abort();
    }
}
