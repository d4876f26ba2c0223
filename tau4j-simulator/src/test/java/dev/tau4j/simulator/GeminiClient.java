package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A raw Gemini Live test client over {@link WsClient}: setup, messages, and waits by top-level key. */
final class GeminiClient implements AutoCloseable {
    static final String MODEL = "models/gemini-2.5-flash-native-audio-preview-09-2025";
    final WsClient ws;

    private GeminiClient(WsClient ws) {
        this.ws = ws;
    }

    /** Connects to {@code sim.url() + query}, sending {@code x-goog-api-key} when {@code key} is not null. */
    static GeminiClient connect(RealtimeSimulator sim, String query, String key) throws Exception {
        WsClient c = new WsClient();
        var b = WsClient.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (key != null) {
            b.header("x-goog-api-key", key);
        }
        c.ws = b.buildAsync(URI.create(sim.url() + query), c).get(5, TimeUnit.SECONDS);
        return new GeminiClient(c);
    }

    /** Connects to the {@code v1alpha} path instead of {@code sim.url()}'s {@code v1beta} one, without a key. */
    static GeminiClient connectV1alpha(RealtimeSimulator sim) throws Exception {
        WsClient c = new WsClient();
        c.ws = WsClient.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(sim.url().toString().replace(".v1beta.", ".v1alpha.")), c).get(5, TimeUnit.SECONDS);
        return new GeminiClient(c);
    }

    /** Connects and sends {@code {"setup":<setupBody>}}; answers setupComplete. */
    static GeminiClient open(RealtimeSimulator sim, String setupBody) throws Exception {
        GeminiClient c = connect(sim, "", null);
        c.send("{\"setup\":" + setupBody + "}");
        assertThat(c.next().has("setupComplete")).as("setupComplete first").isTrue();
        return c;
    }

    void send(String json) {
        ws.send(json);
    }

    JsonNode next() throws Exception {
        return ws.next();
    }

    /** Messages up to and including the first with top-level key {@code key} whose content has {@code field} (or any, when null). */
    List<JsonNode> until(String key, String field) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            JsonNode m = next();
            out.add(m);
            if (m.has(key) && (field == null || m.get(key).has(field))) {
                return out;
            }
        }
    }

    /** Messages up to and including the turnComplete. */
    List<JsonNode> turn() throws Exception {
        return until("serverContent", "turnComplete");
    }

    void text(String userText) {
        send("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + userText + "\"}]}],\"turnComplete\":true}}");
    }

    /** Sends {@code pcm} (16 kHz) in 40 ms realtimeInput.audio chunks. */
    void audio(byte[] pcm) {
        int chunk = 16 * 2 * 40;
        for (int off = 0; off < pcm.length; off += chunk) {
            byte[] part = Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunk));
            send("{\"realtimeInput\":{\"audio\":{\"data\":\"" + Base64.getEncoder().encodeToString(part)
                    + "\",\"mimeType\":\"audio/pcm;rate=16000\"}}}");
        }
    }

    int closeCode() throws Exception {
        return ws.closeCode();
    }

    String closeReason() {
        return ws.closeReason;
    }

    @Override
    public void close() {
        ws.close();
    }
}
