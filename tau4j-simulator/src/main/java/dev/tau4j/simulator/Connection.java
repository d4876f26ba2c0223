package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import dev.tau4j.simulator.internal.SocketListener;

/**
 * One simulated realtime session over one WebSocket: the session thread, the handshake checks,
 * the dispatch of client events, and the way out (events, faults on the way, pings).
 *
 * <p>Threading: Jetty's callbacks only enqueue into {@link #inbox}; a dedicated virtual thread
 * owns all protocol state ({@link Conversation}, {@link InputAudio}, {@link Responses}, {@link
 * Faults}) and alternates between handling queued client events and emitting the next event of
 * the active responses (round-robin, so concurrent responses interleave). Because client events
 * are drained before every emitted event, a cancel or a barge-in takes effect between two events
 * even at {@link Pace#FAST}. Fields read by other threads are volatile snapshots.
 */
final class Connection implements SocketListener.Sink {
    static final List<String> CLIENT_TYPES = List.of("session.update", "session.close", "input_audio_buffer.append",
            "session.input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
            "conversation.item.create", "conversation.item.truncate", "conversation.item.delete", "conversation.item.retrieve",
            "response.create", "response.cancel");
    private static final byte[] PING = {'p', 'i', 'n', 'g'};


    final Ids ids;
    final String sessionId;
    final String conversationId;
    private final RealtimeSimulator sim;
    private final String model;
    private final String intent;
    private final String apiKey;
    private final boolean beta;
    private final SimDialect dialect;
    private final List<Fault> initialFaults;
    private final Inbox inbox = new Inbox();
    private final Recorder recorder;
    private final SimulatedSession handle;
    private final Conversation conversation = new Conversation(this);
    private final InputAudio input;
    private final Responses responses = new Responses(this);
    private final Faults faults = new Faults(this);
    /** The Gemini Live edge; null for the OpenAI-shaped dialects. */
    private final GeminiConnection gemini;

    private volatile Session ws;
    private volatile boolean open;
    private volatile String configJson = "{}";

    // Below: confined to the session thread.
    /** The effective session object; null until session.created. */
    private ObjectNode config;
    private boolean terminated;
    boolean stalled;
    long delayNanos;
    long expiryNanos;
    /** Server JSON goes out in binary frames ({@link Fault#binaryFrames()}). */
    boolean binaryFrames;
    private long nextPingNanos;

    /**
     * {@code geminiVersion} is the API version of the Gemini path ({@code v1beta}, {@code v1alpha})
     * for {@link SimDialect#GEMINI}, else null.
     */
    Connection(RealtimeSimulator sim, long seed, String model, String intent, String apiKey, boolean beta, List<Fault> faults,
            String geminiVersion) {
        this.sim = sim;
        this.ids = new Ids(seed);
        this.model = model;
        this.intent = intent;
        this.apiKey = apiKey;
        this.beta = beta;
        this.dialect = sim.dialect();
        this.initialFaults = List.copyOf(faults);
        this.recorder = new Recorder(sim, sim.recordLimit());
        this.input = new InputAudio(this, sim.recordLimit() > 0 ? RealtimeSimulator.MAX_RECORDED_AUDIO_BYTES : 0);
        this.sessionId = ids.next("sess");
        this.conversationId = ids.next("conv");
        this.handle = new SimulatedSession(this);
        this.gemini = dialect == SimDialect.GEMINI ? new GeminiConnection(this, apiKey, geminiVersion) : null;
    }

    SimulatedSession handle() {
        return handle;
    }

    String model() {
        return gemini != null ? gemini.model() : model;
    }

    boolean isOpen() {
        return open;
    }

    List<SimItem> conversationSnapshot() {
        return conversation.snapshot();
    }

    String configJson() {
        return gemini != null ? gemini.setupJson() : configJson;
    }

    List<RecordedEvent> clientEvents() {
        return recorder.events();
    }

    byte[] inputAudio() {
        return input.recorded();
    }

    void inject(Fault fault) {
        inbox.add(new Inbox.Arm(fault));
    }

    void stop() {
        inbox.add(Inbox.Signal.STOP);
    }

    // ---- collaborators' view (session thread) ----

    RealtimeSimulator simulator() {
        return sim;
    }

    ObjectNode config() {
        return config;
    }

    Conversation conversation() {
        return conversation;
    }

    InputAudio input() {
        return input;
    }

    Responses responses() {
        return responses;
    }

    Session socket() {
        return ws;
    }

    /** The Gemini edge, or null for the OpenAI-shaped dialects. */
    GeminiConnection gemini() {
        return gemini;
    }

    boolean terminated() {
        return terminated;
    }

    void terminate() {
        terminated = true;
    }

    void close(int code, String reason) {
        if (!terminated) {
            ws.close(code, reason, Callback.NOOP);
            terminated = true;
        }
    }

    // ---- Jetty callbacks (any thread) ----

    @Override
    public void opened(Session session) {
        this.ws = session;
        this.open = true;
        sim.accepted(this);
        Thread.ofVirtual().name("tau4j-sim-" + sessionId).start(this::run);
    }

    @Override
    public void text(String message) {
        enqueue(new Inbox.Text(message));
    }

    @Override
    public void binary(int length) {
        enqueue(new Inbox.Binary(length));
    }

    /** Queues a client frame; a session that fell {@link Inbox#MAX_QUEUED_FRAMES} frames behind is closed with 1013. */
    private void enqueue(Object frame) {
        if (!inbox.addFrame(frame)) {
            Session s = ws;
            if (s != null && s.isOpen()) {
                s.close(1013, "simulator overloaded: " + Inbox.MAX_QUEUED_FRAMES + " client events waiting", Callback.NOOP);
            }
        }
    }

    @Override
    public void closed() {
        open = false;
        inbox.add(Inbox.Signal.CLOSED);
    }

    // ---- session thread ----

    private void run() {
        try {
            Duration lifetime = gemini != null ? sim.connectionLifetime() : sim.sessionExpiry();
            expiryNanos = System.nanoTime() + lifetime.toNanos();
            if (gemini != null) {
                gemini.start(lifetime.toNanos());
            }
            nextPingNanos = System.nanoTime() + pingNanos();
            for (Fault f : initialFaults) {
                faults.arm(f);
            }
            if (!terminated) {
                startup();
            }
            while (!terminated) {
                Object in = inbox.poll();
                if (in != null) {
                    handle(in);
                } else {
                    step();
                }
                conversation.publishIfChanged();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Session s = ws;
            if (s != null && s.isOpen()) {
                s.close(1011, "simulator error: " + e, Callback.NOOP);
            }
        } finally {
            terminated = true;
            open = false;
            conversation.publishIfChanged();
            // Frames that arrived after the end and the responses in flight are garbage now.
            inbox.clear();
            responses.clear();
            sim.finished(this);
        }
    }

    private long pingNanos() {
        Duration every = sim.pingInterval();
        return every == null ? Long.MAX_VALUE / 4 : every.toNanos();
    }

    private void step() throws InterruptedException {
        long now = System.nanoTime();
        if (now - expiryNanos >= 0) {
            expire();
            return;
        }
        if (now - nextPingNanos >= 0) {
            nextPingNanos = now + pingNanos();
            if (!stalled) {
                ws.sendPing(ByteBuffer.wrap(PING), Callback.NOOP);
                if (dialect == SimDialect.XAI) {
                    write("{\"type\":\"ping\",\"timestamp\":" + System.currentTimeMillis() + "}");
                }
            }
            return;
        }
        if (gemini != null && gemini.tick(now)) {
            return;
        }
        long wait = Math.min(expiryNanos - now, nextPingNanos - now);
        if (gemini != null) {
            wait = Math.min(wait, gemini.untilDue(now));
        }
        if (!stalled && !responses.isEmpty()) {
            long untilDue = responses.emitDue(now, sim.pace());
            if (untilDue < 0) {
                return;
            }
            wait = Math.min(wait, untilDue);
        }
        Object in = inbox.poll(Math.max(0, wait));
        if (in != null) {
            handle(in);
        }
    }

    private void handle(Object in) {
        switch (in) {
            case Inbox.Text t -> onText(t.text());
            case Inbox.Binary b when gemini != null -> gemini.onBinary(b.length());
            case Inbox.Binary b -> {
                record(null, "<binary " + b.length() + " bytes>");
                error(new SimError("invalid_event", "Expected a text WebSocket message; binary frames are not supported.", null), null);
            }
            case Inbox.Arm a -> faults.arm(a.fault());
            case Inbox.Signal s -> terminated = true;
            default -> { }
        }
    }

    private void startup() {
        if (gemini != null) {
            // Gemini checks key and model on the setup message; the GA state starts at its defaults.
            config = SessionConfig.defaults("realtime", sessionId, model, 0);
            return;
        }
        Admission.Refusal refusal = Admission.check(sim, apiKey, beta, intent, model);
        if (refusal != null) {
            fatal(refusal.closeCode(), refusal.code(), refusal.message());
            return;
        }
        boolean transcription = "transcription".equals(intent);
        long expiresAt = System.currentTimeMillis() / 1000 + sim.sessionExpiry().toSeconds();
        config = SessionConfig.defaults(transcription ? "transcription" : "realtime", sessionId, model, expiresAt);
        configChanged();
        if (dialect == SimDialect.XAI) {
            // xAI opens with the conversation; the client then sends session.update and waits for session.updated.
            ObjectNode e = event("conversation.created");
            e.putObject("conversation").put("id", conversationId).put("object", "realtime.conversation");
            send(e);
            return;
        }
        ObjectNode e = event("session.created");
        e.set("session", config.deepCopy());
        send(e);
    }

    private void fatal(int closeCode, String code, String message) {
        send(errorEvent(new SimError(code, message, null), null));
        close(closeCode, code == null ? "invalid_request_error" : "invalid_request_error." + code);
    }

    private void expire() {
        if (gemini != null) {
            gemini.expire();
            return;
        }
        long minutes = Math.max(1, (sim.sessionExpiry().toSeconds() + 59) / 60);
        send(errorEvent(new SimError("session_expired", "Your session hit the maximum duration of " + minutes + " minutes.", null), null));
        close(1001, "invalid_request_error.session_expired");
    }

    // ---- output ----

    ObjectNode event(String type) {
        ObjectNode e = Json.obj();
        e.put("type", type);
        e.put("event_id", ids.next("event"));
        return e;
    }

    /** Sends a GA event in the connection's dialect (reshaped, translated, or not at all). */
    void send(ObjectNode e) {
        if (terminated) {
            return;
        }
        if (gemini != null) {
            conversation.publishIfChanged();
            gemini.turn().out(e);
            return;
        }
        String type = e.get("type").asText();
        emit(type, null, e, false);
    }

    /**
     * Sends one message as is, through the armed faults: {@code type} is what triggers match
     * (the GA type, or a Gemini message's top-level key), {@code audio} counts it as an output
     * audio chunk.
     */
    void emit(String type, ObjectNode message, boolean audio) {
        emit(type, message, null, audio);
    }

    private void emit(String type, ObjectNode message, ObjectNode ga, boolean audio) {
        if (terminated || faults.replaces(type)) {
            return;
        }
        conversation.publishIfChanged();
        ObjectNode out = message != null ? message : beta ? Beta.toBeta(ga) : dialect == SimDialect.XAI ? XaiShape.fromGa(ga) : ga;
        if (out != null) {
            if (delayNanos > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(delayNanos));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    terminated = true;
                    return;
                }
            }
            write(Json.write(out));
        }
        faults.sent(type, audio || type.equals("response.output_audio.delta"));
    }

    void write(String text) {
        Session s = ws;
        if (terminated || s == null || !s.isOpen()) {
            terminated = true;
            return;
        }
        Callback.Completable cb = new Callback.Completable();
        if (binaryFrames) {
            s.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), cb);
        } else {
            s.sendText(text, cb);
        }
        try {
            cb.get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            terminated = true;
        }
    }

    private ObjectNode errorEvent(SimError err, String clientEventId) {
        ObjectNode e = event("error");
        ObjectNode o = e.putObject("error");
        o.put("type", err.type);
        o.put("code", err.code);
        o.put("message", err.getMessage());
        o.put("param", err.param);
        o.put("event_id", clientEventId);
        return e;
    }

    private void error(SimError err, String clientEventId) {
        send(errorEvent(err, clientEventId));
    }

    // ---- input ----

    private void record(String type, String json) {
        recorder.record(sessionId, type, json);
    }

    /** Records a client message of {@code type} (null when it has none) and fires the faults it triggers. */
    void received(String type, String json) {
        record(type, json);
        if (type != null) {
            faults.onClientEvent(type);
        }
    }

    private void onText(String text) {
        if (gemini != null) {
            gemini.onText(text);
            return;
        }
        if (config != null && !beta) {
            byte[] audio = InputAudio.fastAppend(text);
            if (audio != null) {
                record("input_audio_buffer.append", text);
                faults.onClientEvent("input_audio_buffer.append");
                try {
                    if (!terminated) {
                        input.append(audio);
                    }
                } catch (SimError err) {
                    error(err, null);
                }
                return;
            }
        }
        JsonNode ev;
        try {
            ev = Json.parse(text);
        } catch (Exception e) {
            record(null, text);
            error(new SimError("invalid_json", "Invalid event: failed to parse JSON value. Expected a JSON object with a 'type' field.", null), null);
            return;
        }
        String type = ev.isObject() && ev.path("type").isTextual() ? ev.get("type").asText() : null;
        record(type, text);
        if (type != null) {
            faults.onClientEvent(type);
            if (terminated) {
                return;
            }
        }
        String eventId = ev.isObject() ? Json.text(ev, "event_id") : null;
        if (config == null) {
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
                applyUpdate(dialect == SimDialect.XAI ? XaiShape.toGa(ev.get("session")) : ev.get("session"), 0);
                send(event("session.updated").set("session", config.deepCopy()));
            }
            case "input_audio_buffer.append", "session.input_audio_buffer.append" -> input.append(ev);
            case "input_audio_buffer.commit" -> input.commit();
            case "input_audio_buffer.clear" -> input.clear();
            case "conversation.item.create" -> conversation.create(ev);
            case "conversation.item.retrieve" -> conversation.retrieve(ev);
            case "conversation.item.delete" -> conversation.delete(ev);
            case "conversation.item.truncate" -> conversation.truncate(ev);
            case "response.create" -> responses.create(ev.get("response"));
            case "response.cancel" -> responses.cancel(Json.text(ev, "response_id"));
            case "session.close" -> close(1000, "");
            default -> throw SimError.invalidValue("type", type, CLIENT_TYPES.toArray(String[]::new));
        }
    }

    static String required(JsonNode ev, String field) {
        if (!ev.hasNonNull(field)) {
            throw SimError.missing(field);
        }
        return ev.get(field).asText();
    }

    /**
     * Merges a GA session update into the effective config (a failed one changes nothing); a
     * positive {@code inputRate} sets the PCM input rate, which GA clients cannot choose.
     */
    void applyUpdate(JsonNode update, int inputRate) {
        ObjectNode merged = SessionConfig.merge(config, update, conversation.hasAssistantAudio());
        if (inputRate > 0) {
            ((ObjectNode) merged.path("audio").path("input").path("format")).put("rate", inputRate);
        }
        config = merged;
        configChanged();
    }

    private void configChanged() {
        configJson = Json.write(config);
        input.configure(config);
    }
}
