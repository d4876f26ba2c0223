package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import dev.tau4j.simulator.internal.SocketListener;

/**
 * One simulated realtime session over one WebSocket: the session thread, its lifetime and pings,
 * and the way out (faults on the way, delays, the socket). The dialect's {@link Edge} reads the
 * client's frames into the shared GA session state and shapes its events for the wire.
 *
 * <p>Threading: Jetty's callbacks only enqueue into {@link #inbox}; a dedicated virtual thread
 * owns all protocol state ({@link Conversation}, {@link InputAudio}, {@link Responses}, {@link
 * Faults}) and alternates between handling queued client events and emitting the next event of
 * the active responses (round-robin, so concurrent responses interleave). Because client events
 * are drained before every emitted event, a cancel or a barge-in takes effect between two events
 * even at {@link Pace#FAST}. Fields read by other threads are volatile snapshots.
 */
final class Connection implements SocketListener.Sink {
    private static final byte[] PING = {'p', 'i', 'n', 'g'};

    final Ids ids;
    final String sessionId;
    final String conversationId;
    private final RealtimeSimulator sim;
    private final SimDialect dialect;
    private final List<Fault> initialFaults;
    private final Inbox inbox = new Inbox();
    private final Recorder recorder;
    private final SimulatedSession handle;
    private final Conversation conversation = new Conversation(this);
    private final InputAudio input;
    private final Responses responses = new Responses(this);
    private final Faults faults = new Faults(this);
    /** The dialect's edge: how client frames are read and GA events written. */
    private final Edge edge;
    /** The same edge when it is Gemini Live's, else null. */
    private final GeminiConnection gemini;

    private volatile Session ws;
    private volatile boolean open;

    // Below: confined to the session thread.
    /** The effective GA session config. */
    private final EffectiveConfig config;
    private boolean terminated;
    boolean stalled;
    long delayNanos;
    long expiryNanos;
    /** Server JSON goes out in binary frames ({@link Fault#binaryFrames()}). */
    boolean binaryFrames;
    private long nextPingNanos;
    /** Where the messages written are serialised. */
    private final WireBuffer wire = new WireBuffer();

    /**
     * {@code geminiVersion} is the API version of the Gemini path ({@code v1beta}, {@code v1alpha})
     * for {@link SimDialect#GEMINI}, else null.
     */
    Connection(RealtimeSimulator sim, long seed, String model, String intent, String apiKey, boolean beta, List<Fault> faults,
            String geminiVersion) {
        this.sim = sim;
        this.ids = new Ids(seed);
        this.dialect = sim.dialect();
        this.initialFaults = List.copyOf(faults);
        this.recorder = new Recorder(sim, sim.recordLimit());
        this.input = new InputAudio(this, sim.recordLimit() > 0 ? RealtimeSimulator.MAX_RECORDED_AUDIO_BYTES : 0);
        this.config = new EffectiveConfig(conversation::hasAssistantAudio, input::configure);
        this.sessionId = ids.next("sess");
        this.conversationId = ids.next("conv");
        this.handle = new SimulatedSession(this);
        this.gemini = dialect == SimDialect.GEMINI ? new GeminiConnection(this, apiKey, geminiVersion) : null;
        this.edge = gemini != null ? gemini : new OpenAiEdge(this, model, intent, apiKey, beta);
    }

    SimulatedSession handle() {
        return handle;
    }

    String model() {
        return edge.model();
    }

    boolean isOpen() {
        return open;
    }

    List<SimItem> conversationSnapshot() {
        return conversation.snapshot();
    }

    String configJson() {
        return edge.configJson();
    }

    /** The effective GA session object as JSON. */
    String gaConfigJson() {
        return config.json();
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

    /** The effective GA session object; null until the edge's startup. */
    ObjectNode config() {
        return config.current();
    }

    EffectiveConfig settings() {
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

    /** Queues a text frame; invalid UTF-8 closes with 1007, as Jetty's message reader did ({@link Inbox#textFrame}). */
    @Override
    public void text(byte[] utf8) {
        Object frame = inbox.textFrame(utf8);
        if (frame != null) {
            enqueue(frame);
            return;
        }
        Session s = ws;
        if (s != null && s.isOpen()) {
            s.close(1007, "Invalid UTF-8 in a text message", Callback.NOOP);
        }
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
            edge.start(expiryNanos, lifetime.toNanos());
            nextPingNanos = System.nanoTime() + pingNanos();
            for (Fault f : initialFaults) {
                faults.arm(f);
            }
            if (!terminated) {
                edge.startup();
            }
            while (!terminated) {
                Object in = inbox.poll();
                if (in != null) {
                    handle(in);
                } else {
                    step();
                }
                conversation.publishIfChanged();
                inbox.quietAppends(edge.appendsAreQuiet() && !recorder.enabled() && faults.isEmpty() && !input.hasVad());
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
            edge.expire();
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
        if (edge.tick(now)) {
            return;
        }
        long wait = Math.min(Math.min(expiryNanos - now, nextPingNanos - now), edge.untilDue(now));
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
            case Inbox.Append a -> edge.append(a.frame(), a.audio());
            case Inbox.Text t -> edge.text(t.text());
            case Inbox.Binary b -> edge.binary(b.length());
            case Inbox.Arm a -> faults.arm(a.fault());
            case Inbox.Signal s -> terminated = true;
            default -> { }
        }
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
        conversation.publishIfChanged();
        edge.out(e);
    }

    /**
     * Writes one message of the dialect through the armed faults: {@code type} is what triggers
     * match (the GA type, or a Gemini message's top-level key), {@code audio} counts it as an
     * output audio chunk. A null {@code message} (an event the dialect does not have) is counted
     * but not written.
     */
    void emit(String type, ObjectNode message, boolean audio) {
        if (terminated || faults.replaces(type)) {
            return;
        }
        conversation.publishIfChanged();
        ObjectNode out = message;
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
            write(wire.json(out));
        }
        faults.sent(type, audio || type.equals("response.output_audio.delta"));
    }

    void write(String text) {
        write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes one text message (a binary one under {@link Fault#binaryFrames()}) of UTF-8 bytes and
     * waits until the socket took it (so {@link #wire} can be reused): as bytes through Jetty's
     * core session, so no message is encoded twice.
     */
    void write(ByteBuffer utf8) {
        Session s = ws;
        if (terminated || s == null || !s.isOpen()) {
            terminated = true;
            return;
        }
        if (!WireBuffer.send(s, utf8, binaryFrames)) {
            terminated = true;
        }
    }

    // ---- input ----

    private void record(String type, String json) {
        recorder.record(sessionId, type, json);
    }

    /** {@link #received} for an append read from its bytes ({@link Inbox.Append}): the JSON is made only when recording. */
    void receivedAppend(byte[] frame) {
        if (recorder.enabled()) {
            record("input_audio_buffer.append", new String(frame, StandardCharsets.ISO_8859_1));
        }
        faults.onClientEvent("input_audio_buffer.append");
    }

    /** Records a client message of {@code type} (null when it has none) and fires the faults it triggers. */
    void received(String type, String json) {
        record(type, json);
        if (type != null) {
            faults.onClientEvent(type);
        }
    }
}
