package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Replays the client side of one captured session against a {@link RealtimeSimulator} over a real
 * WebSocket and checks the simulator's answers against the captured server frames.
 *
 * <p>Sending: a client line is sent once every server line before it has been received. Audio the
 * capture elided ({@code "<base64 … bytes>"}) must be supplied with {@link #audio(int, byte[])};
 * audio the capture does not show at all (its source streamed continuously) is added with {@link
 * #audioBefore(int, byte[])}. Both are sent as 100 ms appends. {@code _ws} text, binary and close
 * pseudo-events are sent as such frames.
 *
 * <p>Alignment: the captured server events must arrive in the same order, by {@code type}. Extra
 * simulator events are allowed only where the capture has a {@code _gap} (up to the next captured
 * event; with {@link #gapSpansExchange(int)}, up to the next client line). A run of captured
 * {@code *.delta} events of one type matches a run of any length of that type (the count follows
 * the text). Where the capture shows a {@code rate_limits.updated} after client lines that follow
 * a {@code response.done}, it is expected right after that {@code response.done}: the server sends
 * it as the tail of the response, whatever the client sends meanwhile. Each matched event must
 * have the capture's shape ({@link EventShape#diff}); when the capture goes on with a client line,
 * no further server event may arrive (checked for 150 ms). Server pings are not simulated and are
 * listed by {@link #skipped()}.
 */
final class CaptureReplay {
    private static final Set<String> RESPONSE_TAIL = Set.of("rate_limits.updated");
    private static final long QUIET_MS = 150;
    private static final int APPEND_BYTES = SimAudio.bytesFor(100);

    private final RealtimeSimulator sim;
    private final List<CaptureLine> lines;
    private String query = "?model=gpt-realtime";
    private String auth = "Bearer sk-test";
    private boolean beta;
    private final Map<Integer, byte[]> audio = new HashMap<>();
    private final Map<Integer, byte[]> audioBefore = new HashMap<>();
    private final Map<Integer, String> replacements = new HashMap<>();
    private final Set<Integer> exchangeGaps = new HashSet<>();
    private final List<CaptureLine> skipped = new ArrayList<>();
    private final List<JsonNode> received = new ArrayList<>();
    /** Null until run(); the open connection. */
    private WsClient client;
    /** An event read ahead while matching a delta run; null when none. */
    private JsonNode pushedBack;

    CaptureReplay(RealtimeSimulator sim, List<CaptureLine> lines) {
        this.sim = sim;
        this.lines = List.copyOf(lines);
    }

    /** The query string of the connect URL, e.g. {@code ?model=gpt-realtime-mini}. */
    CaptureReplay query(String query) {
        this.query = query;
        return this;
    }

    /** The Authorization header, or null for none. */
    CaptureReplay auth(String auth) {
        this.auth = auth;
        return this;
    }

    /** Sends the {@code OpenAI-Beta: realtime=v1} header. */
    CaptureReplay beta() {
        this.beta = true;
        return this;
    }

    /** PCM16 24 kHz for the client append at {@code line}, whose audio the capture elided. */
    CaptureReplay audio(int line, byte[] pcm) {
        audio.put(line, pcm);
        return this;
    }

    /** PCM16 24 kHz streamed before {@code line}, where the capture's source recorded no appends. */
    CaptureReplay audioBefore(int line, byte[] pcm) {
        audioBefore.put(line, pcm);
        return this;
    }

    /** Sends {@code json} for the client line {@code line}, whose payload the capture did not record. */
    CaptureReplay replace(int line, String json) {
        replacements.put(line, json);
        return this;
    }

    /** The {@code _gap} at {@code line} covers its whole exchange, as its note says. */
    CaptureReplay gapSpansExchange(int line) {
        exchangeGaps.add(line);
        return this;
    }

    /** Capture lines that were not replayed (server pings). */
    List<CaptureLine> skipped() {
        return List.copyOf(skipped);
    }

    /** Replays the capture; fails naming the capture line where the simulator differs. */
    CaptureReplay run() throws Exception {
        List<CaptureLine> script = tailsFirst(lines);
        try (WsClient c = WsClient.connect(sim, query, auth, beta)) {
            client = c;
            boolean gapOpen = false;
            boolean exchangeGap = false;
            boolean closed = false;
            CaptureLine last = null;
            for (int i = 0; i < script.size(); i++) {
                CaptureLine l = script.get(i);
                byte[] before = audioBefore.get(l.line());
                if (!l.server() || before != null) {
                    if (last != null && !gapOpen && !exchangeGap) {
                        expectQuiet(last);
                    }
                    exchangeGap = false;
                    last = null;
                    if (before != null) {
                        appendAll(before);
                    }
                }
                if (!l.server()) {
                    send(l);
                } else if (l.gap()) {
                    gapOpen = true;
                    exchangeGap |= exchangeGaps.contains(l.line());
                } else if ("upgrade".equals(l.ws())) {
                    assertThat(l.event().path("status").asInt()).as(l.where()).isEqualTo(101);
                } else if ("ping".equals(l.ws())) {
                    skipped.add(l);
                } else if ("close".equals(l.ws())) {
                    expectClose(l, gapOpen || exchangeGap);
                    closed = true;
                } else {
                    int end = i;
                    while (l.type().endsWith(".delta") && end + 1 < script.size() && script.get(end + 1).server()
                            && l.type().equals(script.get(end + 1).type())) {
                        end++;
                    }
                    expect(script.subList(i, end + 1), gapOpen || exchangeGap, last);
                    i = end;
                    gapOpen = false;
                    last = script.get(end);
                }
            }
            if (last != null && !gapOpen && !exchangeGap && !closed) {
                expectQuiet(last);
            }
        }
        return this;
    }

    /** Moves a response tail that the capture shows after client lines back to its response.done. */
    static List<CaptureLine> tailsFirst(List<CaptureLine> in) {
        List<CaptureLine> out = new ArrayList<>(in);
        for (int i = 0; i < out.size(); i++) {
            CaptureLine l = out.get(i);
            if (!l.server() || l.type() == null || !RESPONSE_TAIL.contains(l.type())) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && !out.get(j).server()) {
                j--;
            }
            if (j < i - 1 && j >= 0 && "response.done".equals(out.get(j).type())) {
                out.remove(i);
                out.add(j + 1, l);
            }
        }
        return out;
    }

    private void send(CaptureLine l) throws Exception {
        String ws = l.ws();
        if ("text".equals(ws)) {
            client.send(l.event().path("data").asText());
        } else if ("binary".equals(ws)) {
            client.sendBinary(new byte[l.event().path("bytes").asInt()]);
        } else if ("close".equals(ws)) {
            client.ws.sendClose(l.event().path("code").asInt(), l.event().path("reason").asText()).get(5, TimeUnit.SECONDS);
        } else if (replacements.containsKey(l.line())) {
            client.send(replacements.get(l.line()));
        } else if ("input_audio_buffer.append".equals(l.type()) && l.event().path("audio").asText().startsWith("<")) {
            byte[] pcm = audio.get(l.line());
            if (pcm == null) {
                fail(l.where() + " elides its audio (" + l.event().path("audio").asText() + "): give it with audio(" + l.line() + ", pcm)");
            }
            appendAll(pcm);
        } else {
            assertThat(l.note()).as(l.where() + " was not recorded whole: give it with replace()").doesNotContain("only the event type");
            client.send(Json.write(l.event()));
        }
    }

    private void appendAll(byte[] pcm) {
        for (int off = 0; off < pcm.length; off += APPEND_BYTES) {
            byte[] chunk = Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + APPEND_BYTES));
            client.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(chunk) + "\"}");
        }
    }

    /** Matches {@code run} (one event, or a run of one delta type) against the next simulator events. */
    private void expect(List<CaptureLine> run, boolean skipAllowed, CaptureLine previous) throws Exception {
        CaptureLine first = run.get(0);
        String type = first.type();
        String after = previous == null ? "" : " (after " + previous + ")";
        JsonNode got;
        while (true) {
            got = take();
            if (got == null) {
                fail(first.where() + ": expected " + type + after + ", but the simulator sent nothing more within 5 s");
            }
            if (type.equals(got.path("type").asText())) {
                break;
            }
            if (!skipAllowed) {
                fail(first.where() + ": expected " + type + after + ", but the simulator sent " + got.path("type").asText()
                        + " (its event #" + received.size() + ") and the capture has no _gap here");
            }
        }
        List<JsonNode> matched = new ArrayList<>(List.of(got));
        if (type.endsWith(".delta")) {
            JsonNode more;
            while ((more = take()) != null && type.equals(more.path("type").asText())) {
                matched.add(more);
            }
            pushedBack = more;
        }
        for (CaptureLine want : run) {
            for (JsonNode e : matched) {
                String d = EventShape.diff(want, e);
                if (d != null) {
                    fail(want.where() + " (" + type + ", simulator event #" + (received.indexOf(e) + 1) + "):" + d
                            + "\n  simulator: " + Json.write(e));
                }
            }
        }
    }

    private void expectQuiet(CaptureLine last) throws Exception {
        JsonNode extra = pushedBack != null ? take() : poll(QUIET_MS);
        if (extra != null) {
            fail("after " + last + " the capture has no further server event, but the simulator sent "
                    + extra.path("type").asText() + " (its event #" + received.size() + ")");
        }
    }

    private void expectClose(CaptureLine l, boolean skipAllowed) throws Exception {
        int code = client.closeCode();
        if (!skipAllowed) {
            JsonNode extra = pushedBack != null ? take() : poll(0);
            assertThat(extra).as(l.where() + ": no event before the close").isNull();
        }
        assertThat(code).as(l.where() + ": close code").isEqualTo(l.event().path("code").asInt());
        assertThat(client.closeReason).as(l.where() + ": close reason").isEqualTo(l.event().path("reason").asText());
    }

    /** The next simulator event (5 s), or null. */
    private JsonNode take() throws Exception {
        return poll(5_000);
    }

    private JsonNode poll(long ms) throws Exception {
        if (pushedBack != null) {
            JsonNode e = pushedBack;
            pushedBack = null;
            return e;
        }
        String f = client.frames.poll(ms, TimeUnit.MILLISECONDS);
        if (f == null) {
            return null;
        }
        JsonNode e = Json.parse(f);
        received.add(e);
        return e;
    }
}
