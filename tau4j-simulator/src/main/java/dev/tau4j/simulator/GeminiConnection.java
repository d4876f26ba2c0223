package dev.tau4j.simulator;

import static dev.tau4j.simulator.GeminiWire.field;
import static dev.tau4j.simulator.GeminiWire.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gemini Live edge of one {@link Connection} (protocol.md §6): client messages ({@code setup},
 * {@code clientContent}, {@code realtimeInput}, {@code toolResponse}) are checked and played into
 * the shared GA session (conversation, input audio with its VAD, responses), whose events {@link
 * GeminiTurn} turns back into Gemini server messages. Errors end the connection with a close
 * frame, as on the live service. Also owns the connection's lifetime ({@code goAway}, then close
 * 1011) and session resumption. Confined to the connection thread, except the volatile snapshots.
 */
final class GeminiConnection implements Edge {
    /** Input audio rate of the simulated session; other rates are resampled to it, as the live service does. */
    static final int INPUT_RATE = 16_000;
    /** The most {@code goAway} announces: the live service's {@code timeLeft} is 50 s. */
    static final Duration GO_AWAY_NOTICE = Duration.ofSeconds(50);
    private static final Set<String> MESSAGES = Set.of("setup", "clientContent", "realtimeInput", "toolResponse");
    private static final Set<String> REALTIME_FIELDS = Set.of("audio", "video", "text", "audioStreamEnd", "activityStart",
            "activityEnd", "mediaChunks");
    private static final Pattern RATE = Pattern.compile("rate=(\\d+)");

    private final Connection conn;
    private final String apiKey;
    private final String version;
    private final GeminiTurn turn;
    private volatile String model;
    private volatile String setupJson = "{}";

    // Below: confined to the connection thread.
    /** The accepted setup; null until then. */
    private GeminiSetup setup;
    /** The conversation's id across resumed connections; handles of one chain go stale together. */
    private String chain;
    /** A stale-handle fault was armed: this connection's resumption is refused, and its handles are stale. */
    private boolean handlesStale;
    /** Between activityStart and activityEnd (manual activity detection only). */
    private boolean activityOpen;
    /** Index of the last client message consumed, for transparent resumption. */
    private long consumed = -1;
    private long goAwayNanos = Long.MAX_VALUE;
    private boolean goAwaySent;

    GeminiConnection(Connection conn, String apiKey, String version) {
        this.conn = conn;
        this.apiKey = apiKey;
        this.version = version;
        this.turn = new GeminiTurn(conn, this);
    }

    GeminiSetup setup() {
        return setup;
    }

    @Override
    public String model() {
        return model;
    }

    /** The {@code setup} message's body as received ({@code {}} before it). */
    @Override
    public String configJson() {
        return setupJson;
    }

    /** The goAway is due {@link #GO_AWAY_NOTICE} (at most half the lifetime) before the end. */
    @Override
    public void start(long endNanos, long lifetimeNanos) {
        goAwayNanos = endNanos - Math.min(GO_AWAY_NOTICE.toNanos(), lifetimeNanos / 2);
    }

    /** Gemini checks key and model on the setup message; the GA session starts at its defaults and waits. */
    @Override
    public void startup() {
        conn.settings().init(SessionConfig.defaults("realtime", conn.sessionId, null, 0));
    }

    @Override
    public void out(ObjectNode gaEvent) {
        turn.out(gaEvent);
    }

    /** Nanoseconds until the goAway is due (0 when due, a large number when sent). */
    @Override
    public long untilDue(long now) {
        return goAwaySent ? Long.MAX_VALUE / 4 : Math.max(0, goAwayNanos - now);
    }

    /** Sends the goAway when due; true when it did. */
    @Override
    public boolean tick(long now) {
        if (goAwaySent || now - goAwayNanos < 0) {
            return false;
        }
        // Announce the planned notice, not the time left measured a little late.
        goAway(Math.max(0, conn.expiryNanos - goAwayNanos));
        return true;
    }

    /** Announces that the connection ends in {@code leftNanos}, and ends it then. */
    void goAway(long leftNanos) {
        goAwaySent = true;
        conn.expiryNanos = Math.min(conn.expiryNanos, System.nanoTime() + leftNanos);
        ObjectNode msg = Json.obj();
        msg.putObject("goAway").put("timeLeft", GeminiWire.duration(leftNanos));
        conn.emit("goAway", msg, false);
    }

    /** The connection reached its lifetime: closed as the live service does. */
    @Override
    public void expire() {
        conn.close(GeminiWire.INTERNAL, GeminiWire.DEADLINE);
    }

    /** The conversation's handles become stale, and so does a handle offered by a setup still to come. */
    void staleHandles() {
        handlesStale = true;
        if (chain != null) {
            conn.simulator().geminiHandles().invalidate(chain);
        }
    }

    /** A {@code sessionResumptionUpdate} (when the setup asked for them): a new handle, or none while busy. */
    void resumptionUpdate(boolean resumable) {
        if (setup == null || !setup.resumption()) {
            return;
        }
        ObjectNode msg = Json.obj();
        ObjectNode u = msg.putObject("sessionResumptionUpdate");
        if (resumable && !turn.busy()) {
            String handle = "CiQ" + conn.ids.chars(45);
            if (!handlesStale) {
                conn.simulator().geminiHandles().issue(handle, chain, conn.conversation().items());
            }
            u.put("newHandle", handle);
            u.put("resumable", true);
        } else {
            u.put("newHandle", "");
            u.put("resumable", false);
        }
        if (setup.transparent() && consumed >= 0) {
            u.put("lastConsumedClientMessageIndex", Long.toString(consumed));
        }
        conn.emit("sessionResumptionUpdate", msg, false);
    }

    // ---- client messages ----

    @Override
    public void binary(int length) {
        conn.received(null, "<binary " + length + " bytes>");
        conn.close(GeminiWire.INVALID, "Binary client frames are not supported by the simulator; send JSON as text frames.");
    }

    @Override
    public void text(String text) {
        JsonNode msg;
        try {
            msg = Json.parse(text);
        } catch (Exception e) {
            conn.received(null, text);
            conn.close(GeminiWire.INVALID, "Invalid JSON payload received.");
            return;
        }
        String key = msg.isObject() && msg.size() == 1 ? GeminiWire.camel(msg.fieldNames().next()) : null;
        conn.received(key, text);
        if (conn.terminated()) {
            return;
        }
        try {
            if (key == null) {
                throw invalid(msg.isObject() && msg.size() > 1 ? "A client message must set exactly one of setup, clientContent,"
                        + " realtimeInput, toolResponse." : GeminiWire.INVALID_ARGUMENT);
            }
            if (!MESSAGES.contains(key)) {
                throw invalid("Invalid JSON payload received. Unknown name \"" + msg.fieldNames().next() + "\": Cannot find field.");
            }
            JsonNode body = msg.elements().next();
            if (setup == null && !key.equals("setup")) {
                throw invalid("The first message must be setup; got " + key + ".");
            }
            consumed++;
            switch (key) {
                case "setup" -> setup(body);
                case "clientContent" -> clientContent(body);
                case "realtimeInput" -> realtimeInput(body);
                default -> toolResponse(body);
            }
        } catch (GeminiWire.Refusal r) {
            conn.close(r.code, GeminiWire.closeReason(r.getMessage()));
        } catch (SimError e) {
            conn.close(GeminiWire.INVALID, GeminiWire.closeReason(e.getMessage()));
        }
    }

    private void setup(JsonNode body) {
        if (setup != null) {
            throw invalid("setup was already received; it can only be sent once per connection.");
        }
        String required = conn.simulator().requiredApiKey();
        if (required != null && (apiKey == null || apiKey.isBlank())) {
            throw new GeminiWire.Refusal(GeminiWire.POLICY, "Method doesn't allow unregistered callers (callers without established"
                    + " identity). Please use API Key or other form of API consumer identity to call this API.");
        }
        if (required != null && !required.equals(apiKey)) {
            throw new GeminiWire.Refusal(GeminiWire.POLICY, "API key not valid. Please pass a valid API key.");
        }
        GeminiSetup s = GeminiSetup.parse(body, version);
        GeminiHandles.Saved resumed = null;
        if (s.handle() != null) {
            resumed = handlesStale ? null : conn.simulator().geminiHandles().find(s.handle());
            if (resumed == null) {
                throw invalid("Session resumption handle is invalid or has expired; start a new session without a handle.");
            }
        }
        conn.settings().apply(s.gaUpdate(), INPUT_RATE);
        setup = s;
        model = s.model();
        setupJson = Json.write(body);
        chain = resumed != null ? resumed.chain() : conn.sessionId;
        if (resumed != null) {
            for (Item i : resumed.items()) {
                conn.conversation().append(i.copy());
            }
        }
        ObjectNode complete = Json.obj();
        complete.putObject("setupComplete");
        conn.emit("setupComplete", complete, false);
        resumptionUpdate(true);
    }

    private void clientContent(JsonNode body) {
        JsonNode turns = field(body, "turns");
        if (!turns.isMissingNode() && !turns.isArray()) {
            throw invalid("Invalid value at 'client_content.turns', expected a list of Content objects.");
        }
        if (conn.responses().hasActive()) {
            turn.interrupt();
        }
        for (JsonNode t : turns) {
            String role = field(t, "role").asText("user");
            if (!role.equals("user") && !role.equals("model")) {
                throw invalid("Please use a valid role: user, model.");
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : field(t, "parts")) {
                JsonNode pt = field(part, "text");
                if (pt.isTextual()) {
                    text.append(text.isEmpty() ? "" : "\n").append(pt.asText());
                }
            }
            addMessage(role.equals("user") ? "user" : "assistant", text.toString());
        }
        if (field(body, "turnComplete").asBoolean(false)) {
            turn.generate();
        }
    }

    private void addMessage(String role, String text) {
        ObjectNode ev = Json.obj();
        ObjectNode item = ev.putObject("item");
        item.put("type", "message").put("role", role);
        item.putArray("content").addObject().put("type", role.equals("user") ? "input_text" : "output_text").put("text", text);
        conn.conversation().create(ev);
    }

    private void realtimeInput(JsonNode body) {
        if (!body.isObject() || body.size() != 1) {
            throw invalid("realtimeInput must set exactly one of audio, video, text, audioStreamEnd, activityStart, activityEnd.");
        }
        GeminiWire.checkFields(body, "realtime_input", REALTIME_FIELDS);
        String key = GeminiWire.camel(body.fieldNames().next());
        JsonNode v = body.elements().next();
        switch (key) {
            case "audio" -> audio(v);
            case "mediaChunks" -> {
                for (JsonNode chunk : v) {
                    if (field(chunk, "mimeType").asText("").startsWith("audio/")) {
                        audio(chunk);
                    }
                }
            }
            case "text" -> {
                if (setup.interrupts()) {
                    turn.interrupt();
                }
                addMessage("user", v.asText());
                turn.generate();
            }
            case "audioStreamEnd" -> {
                if (!setup.manualActivity() && v.asBoolean(false)) {
                    conn.input().endOfStream();
                }
            }
            case "activityStart" -> {
                manualOnly();
                activityOpen = true;
                conn.input().clear();
                if (setup.interrupts()) {
                    turn.interrupt();
                }
            }
            case "activityEnd" -> {
                manualOnly();
                if (activityOpen) {
                    activityOpen = false;
                    if (conn.input().bufferedMs() >= 100) {
                        conn.input().commit();
                        turn.generate();
                    } else {
                        conn.input().clear();
                    }
                }
            }
            default -> { }
        }
    }

    private void manualOnly() {
        if (!setup.manualActivity()) {
            throw invalid("Explicit activity control is not supported when automatic activity detection is enabled.");
        }
    }

    private void audio(JsonNode blob) {
        String mime = field(blob, "mimeType").asText("");
        if (!mime.startsWith("audio/pcm")) {
            throw invalid("Unsupported audio mime type: " + mime + "; send audio/pcm;rate=16000.");
        }
        Matcher m = RATE.matcher(mime);
        int rate = m.find() ? Integer.parseInt(m.group(1)) : INPUT_RATE;
        if (rate < 8000 || rate > 48000) {
            throw invalid("Unsupported audio sample rate: " + rate + ".");
        }
        String data = field(blob, "data").asText("");
        byte[] pcm;
        try {
            // Proto-JSON bytes: standard or URL-safe base64.
            pcm = data.indexOf('-') >= 0 || data.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(data) : Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), Base64 decoding failed.");
        }
        if (setup.manualActivity() && !activityOpen) {
            return;
        }
        conn.input().append(GeminiWire.resample(pcm, rate, INPUT_RATE));
    }

    private void toolResponse(JsonNode body) {
        JsonNode responses = field(body, "functionResponses");
        if (!responses.isArray() || responses.isEmpty()) {
            throw invalid("toolResponse.functionResponses must list at least one function response.");
        }
        boolean answered = false;
        for (JsonNode r : responses) {
            String id = field(r, "id").asText("");
            if (id.isEmpty()) {
                throw invalid("Function response must have an id matching the function call's id.");
            }
            String callId = turn.answer(id);
            if (callId == null) {
                continue;
            }
            JsonNode output = field(r, "response");
            ObjectNode ev = Json.obj();
            ev.putObject("item").put("type", "function_call_output").put("call_id", callId)
                    .put("output", output.isMissingNode() ? "{}" : Json.write(output));
            conn.conversation().create(ev);
            answered = true;
        }
        if (answered && turn.allAnswered()) {
            turn.generate();
        }
    }
}
