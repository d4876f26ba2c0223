package dev.tau4j.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools Protocol client over the JDK's WebSocket: commands with ids and
 * timeouts, flat sessions for pages, and the page's console and exceptions kept for failure messages.
 */
final class Cdp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Console lines and exceptions of the pages, for failure messages. */
    private final List<String> console = java.util.Collections.synchronizedList(new ArrayList<>());

    Cdp(URI browser) throws Exception {
        ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(browser, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    receive(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(15, TimeUnit.SECONDS);
    }

    private void receive(String text) {
        try {
            JsonNode m = JSON.readTree(text);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    if (m.has("error")) {
                        f.completeExceptionally(new IllegalStateException("CDP error: " + m.get("error")));
                    } else {
                        f.complete(m.path("result"));
                    }
                }
            } else if ("Runtime.consoleAPICalled".equals(m.path("method").asText())) {
                StringBuilder line = new StringBuilder(m.path("params").path("type").asText()).append(':');
                for (JsonNode arg : m.path("params").path("args")) {
                    line.append(' ').append(arg.has("value") ? arg.get("value").asText() : arg.path("description").asText());
                }
                console.add(line.toString());
            } else if ("Runtime.exceptionThrown".equals(m.path("method").asText())) {
                console.add("exception: " + m.path("params").path("exceptionDetails").path("exception").path("description").asText(
                        m.path("params").path("exceptionDetails").path("text").asText()));
            }
        } catch (Exception e) {
            console.add("unreadable CDP message: " + e);
        }
    }

    /** Sends a command (to a page when {@code session} is not null) and waits for its result. */
    JsonNode call(String session, String method, ObjectNode params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
        m.set("params", params == null ? JSON.createObjectNode() : params);
        if (session != null) {
            m.put("sessionId", session);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        ws.sendText(JSON.writeValueAsString(m), true).get(10, TimeUnit.SECONDS);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            pending.remove(id);
        }
    }

    /** Opens a new page at {@code url} and attaches to it. */
    Page open(URI url) throws Exception {
        Duration t = Duration.ofSeconds(15);
        String target = call(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"), t)
                .path("targetId").asText();
        String session = call(null, "Target.attachToTarget", JSON.createObjectNode().put("targetId", target).put("flatten", true), t)
                .path("sessionId").asText();
        Page page = new Page(session);
        call(session, "Runtime.enable", null, t);
        call(session, "Page.enable", null, t);
        call(session, "Page.navigate", JSON.createObjectNode().put("url", url.toString()), t);
        return page;
    }

    List<String> console() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    @Override
    public void close() {
        ws.abort();
    }

    /** One attached page. */
    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /** Evaluates {@code expression} (awaiting a promise) and returns its value. */
        JsonNode eval(String expression, Duration timeout) throws Exception {
            ObjectNode params = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true)
                    .put("returnByValue", true);
            JsonNode r = call(session, "Runtime.evaluate", params, timeout.plusSeconds(5));
            if (r.has("exceptionDetails")) {
                throw new AssertionError("page threw: " + r.path("exceptionDetails").path("exception").path("description")
                        .asText(r.path("exceptionDetails").toString()) + "\nconsole: " + console());
            }
            return r.path("result").path("value");
        }

        JsonNode eval(String expression) throws Exception {
            return eval(expression, Duration.ofSeconds(10));
        }

        /**
         * Waits, in the page's event loop, until {@code condition} (a JS expression) is true; fails
         * with the condition and the page's console after {@code timeout}.
         */
        void await(String condition, Duration timeout) throws Exception {
            String js = "new Promise((resolve, reject) => { const until = Date.now() + " + timeout.toMillis() + ";"
                    + " const check = () => { let ok = false; try { ok = !!(" + condition + "); } catch (e) { }"
                    + " if (ok) return resolve(true); if (Date.now() > until) return reject(new Error('timed out'));"
                    + " setTimeout(check, 50); }; check(); })";
            try {
                eval(js, timeout);
            } catch (AssertionError e) {
                throw new AssertionError("page condition not met within " + timeout + ": " + condition + "\nconsole: " + console(), e);
            }
        }

        /** A PNG screenshot of the page. */
        byte[] screenshot() throws Exception {
            JsonNode r = call(session, "Page.captureScreenshot", JSON.createObjectNode().put("format", "png"), Duration.ofSeconds(20));
            return Base64.getDecoder().decode(r.path("data").asText());
        }
    }
}
