package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test client: collects whole text frames (joining fragments) into a queue; records the close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<int[]> closed = new CompletableFuture<>();
    volatile String closeReason;
    /** Payloads of the WebSocket PINGs received (the JDK answers each with a PONG itself). */
    final BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
    /** Whole binary messages received; their UTF-8 text is queued in {@link #frames} as well. */
    final AtomicInteger binaryFrames = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    WebSocket ws;

    static WsClient connect(RealtimeSimulator sim, String query) throws Exception {
        return connect(sim, query, "Bearer sk-test", false);
    }

    static WsClient connect(RealtimeSimulator sim, String query, String auth, boolean beta) throws Exception {
        WsClient c = new WsClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (beta) {
            b.header("OpenAI-Beta", "realtime=v1");
        }
        c.ws = b.buildAsync(URI.create(sim.url() + query), c).get(5, TimeUnit.SECONDS);
        return c;
    }

    /** Connects with ?model=gpt-realtime and consumes session.created. */
    static WsClient open(RealtimeSimulator sim) throws Exception {
        WsClient c = connect(sim, "?model=gpt-realtime");
        assertThat(c.next().path("type").asText()).isEqualTo("session.created");
        return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partialBinary.writeBytes(b);
        if (last) {
            binaryFrames.incrementAndGet();
            frames.add(partialBinary.toString(StandardCharsets.UTF_8));
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        ByteBuffer copy = ByteBuffer.allocate(message.remaining());
        copy.put(message.duplicate()).flip();
        pings.add(copy);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new int[] {1006});
    }

    void send(String json) {
        ws.sendText(json, true).join();
    }

    void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next server event; fails after 5 s. */
    JsonNode next() throws Exception {
        String f = frames.poll(5, TimeUnit.SECONDS);
        assertThat(f).as("server event within 5 s").isNotNull();
        return Json.parse(f);
    }

    String nextRaw() throws Exception {
        String f = frames.poll(5, TimeUnit.SECONDS);
        assertThat(f).as("server frame within 5 s").isNotNull();
        return f;
    }

    /** Events up to and including the first of {@code type}. */
    List<JsonNode> until(String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            JsonNode e = next();
            out.add(e);
            if (e.path("type").asText().equals(type)) {
                return out;
            }
        }
    }

    /** Types of {@link #until(String)}. */
    List<String> typesUntil(String type) throws Exception {
        return until(type).stream().map(e -> e.path("type").asText()).toList();
    }

    /** The close code (1006 for an abrupt drop), waiting up to 5 s. */
    int closeCode() throws Exception {
        return closed.get(5, TimeUnit.SECONDS)[0];
    }

    /** True when no frame arrives within {@code ms}. */
    boolean silentFor(long ms) throws InterruptedException {
        return frames.poll(ms, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(1000, "").exceptionally(t -> null);
        }
        if (ws != null) {
            ws.abort();
        }
    }
}
