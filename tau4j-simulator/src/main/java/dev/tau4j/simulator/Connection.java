package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import dev.tau4j.simulator.internal.SocketListener;

/**
 * One simulated realtime session over one WebSocket.
 *
 * <p>Threading: Jetty's callbacks only enqueue into {@link #inbox}; a dedicated virtual thread
 * owns all protocol state and alternates between handling queued client events and emitting the
 * next event of the active responses (round-robin, so concurrent responses interleave). Because
 * client events are drained before every emitted event, a cancel or a barge-in takes effect
 * between two events even at {@link Pace#FAST}. Fields read by other threads are volatile
 * snapshots.
 */
final class Connection implements SocketListener.Sink {
    static final List<String> CLIENT_TYPES = List.of("session.update", "session.close", "input_audio_buffer.append",
            "session.input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
            "conversation.item.create", "conversation.item.truncate", "conversation.item.delete", "conversation.item.retrieve",
            "response.create", "response.cancel");
    private static final Set<String> RESPONSE_FIELDS = Set.of("output_modalities", "instructions", "audio", "tools", "tool_choice",
            "max_output_tokens", "conversation", "metadata", "prompt", "input");

    private record Text(String text) {}

    private record Binary(int length) {}

    private record Arm(Fault fault) {}

    private enum Signal { CLOSED, STOP }

    /** An armed fault with the counters it is measured against. */
    private static final class Armed {
        final Fault.Triggered<?> fault;
        final long baseEvents;
        final long baseAudio;
        final long randomN;

        Armed(Fault.Triggered<?> fault, long baseEvents, long baseAudio, long randomN) {
            this.fault = fault;
            this.baseEvents = baseEvents;
            this.baseAudio = baseAudio;
            this.randomN = randomN;
        }
    }

    final Ids ids;
    private final RealtimeSimulator sim;
    private final String model;
    private final String intent;
    private final String apiKey;
    private final boolean beta;
    private final List<Fault> initialFaults;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final List<RecordedEvent> recorded = new ArrayList<>();
    private final ByteArrayOutputStream allInput = new ByteArrayOutputStream();
    final String sessionId;
    private final String conversationId;
    private final SimulatedSession handle;

    private volatile Session ws;
    private volatile boolean open;
    private volatile List<SimItem> itemsSnapshot = List.of();
    private volatile String configJson = "{}";

    // Below: confined to the session thread.
    private ObjectNode config;
    private final List<Item> items = new ArrayList<>();
    private boolean itemsDirty;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long bufferStartMs;
    private Vad vad;
    private String speechItemId;
    private final List<ResponseRun> runs = new ArrayList<>();
    private ResponseRun activeConv;
    private int roundRobin;
    private final List<Armed> armed = new ArrayList<>();
    private long sentEvents;
    private long sentAudioDeltas;
    private boolean stalled;
    private boolean terminated;
    private long delayNanos;
    private long expiryNanos;
    private List<String> lastContextIds = List.of();
    private String lastContextKey;
    private int lastInputTotal;

    Connection(RealtimeSimulator sim, long seed, String model, String intent, String apiKey, boolean beta, List<Fault> faults) {
        this.sim = sim;
        this.ids = new Ids(seed);
        this.model = model;
        this.intent = intent;
        this.apiKey = apiKey;
        this.beta = beta;
        this.initialFaults = List.copyOf(faults);
        this.sessionId = ids.next("sess");
        this.conversationId = ids.next("conv");
        this.handle = new SimulatedSession(this);
    }

    SimulatedSession handle() {
        return handle;
    }

    String model() {
        return model;
    }

    boolean isOpen() {
        return open;
    }

    List<SimItem> conversation() {
        return itemsSnapshot;
    }

    String configJson() {
        return configJson;
    }

    List<RecordedEvent> clientEvents() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    byte[] inputAudio() {
        synchronized (allInput) {
            return allInput.toByteArray();
        }
    }

    void inject(Fault fault) {
        inbox.add(new Arm(fault));
    }

    void stop() {
        inbox.add(Signal.STOP);
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
        inbox.add(new Text(message));
    }

    @Override
    public void binary(int length) {
        inbox.add(new Binary(length));
    }

    @Override
    public void closed() {
        open = false;
        inbox.add(Signal.CLOSED);
    }

    // ---- session thread ----

    private void run() {
        try {
            expiryNanos = System.nanoTime() + sim.sessionExpiry().toNanos();
            for (Fault f : initialFaults) {
                arm(f);
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
                if (itemsDirty) {
                    publishItems();
                }
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
            publishItems();
        }
    }

    private void step() throws InterruptedException {
        long now = System.nanoTime();
        if (now - expiryNanos >= 0) {
            expire();
            return;
        }
        long wait = expiryNanos - now;
        if (!stalled && !runs.isEmpty()) {
            Pace pace = sim.pace();
            int n = runs.size();
            for (int k = 0; k < n; k++) {
                int i = (roundRobin + k) % n;
                ResponseRun run = runs.get(i);
                long due = pace.isFast() ? now : run.startNanos + (long) (run.nextDueMs() * 1_000_000L / pace.speedFactor());
                if (due - now <= 0) {
                    roundRobin = i + 1;
                    ObjectNode e = run.emitNext();
                    if (run.finished()) {
                        runs.remove(run);
                    }
                    if (e != null) {
                        send(e);
                    }
                    return;
                }
                wait = Math.min(wait, due - now);
            }
        }
        Object in = inbox.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
        if (in != null) {
            handle(in);
        }
    }

    private void handle(Object in) {
        switch (in) {
            case Text t -> onText(t.text);
            case Binary b -> {
                record(null, "<binary " + b.length + " bytes>");
                error(new SimError("invalid_event", "Expected a text WebSocket message; binary frames are not supported.", null), null);
            }
            case Arm a -> arm(a.fault);
            case Signal s -> terminated = true;
            default -> { }
        }
    }

    private void startup() {
        if (apiKey == null || apiKey.isBlank()) {
            fatal(3000, null, "Missing bearer or basic authentication in header");
            return;
        }
        String required = sim.requiredApiKey();
        if (required != null && !required.equals(apiKey)) {
            String shown = apiKey.length() <= 8 ? apiKey : apiKey.substring(0, 8) + "***" + apiKey.substring(apiKey.length() - 4);
            fatal(3000, "invalid_api_key", "Incorrect API key provided: " + shown
                    + ". You can find your API key at https://platform.openai.com/account/api-keys.");
            return;
        }
        if (beta && sim.betaShape() == BetaShape.REJECT) {
            fatal(4000, "beta_api_shape_disabled", "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.");
            return;
        }
        boolean transcription = "transcription".equals(intent);
        if (!transcription) {
            if (model == null || model.isBlank()) {
                fatal(4000, "missing_model", "You must provide a model parameter, for example wss://api.openai.com/v1/realtime?model=gpt-realtime");
                return;
            }
            if (!RealtimeSimulator.isKnownModel(model)) {
                fatal(4000, "invalid_model", "Model \"" + model + "\" is not supported in realtime mode.");
                return;
            }
        }
        long expiresAt = System.currentTimeMillis() / 1000 + sim.sessionExpiry().toSeconds();
        config = SessionConfig.defaults(transcription ? "transcription" : "realtime", sessionId, model, expiresAt);
        configChanged();
        ObjectNode e = event("session.created");
        e.set("session", config.deepCopy());
        send(e);
    }

    private void fatal(int closeCode, String code, String message) {
        ObjectNode e = errorEvent(new SimError(code, message, null), null);
        send(e);
        if (!terminated) {
            ws.close(closeCode, code == null ? "invalid_request_error" : "invalid_request_error." + code, Callback.NOOP);
            terminated = true;
        }
    }

    private void expire() {
        long minutes = Math.max(1, (sim.sessionExpiry().toSeconds() + 59) / 60);
        send(errorEvent(new SimError("session_expired", "Your session hit the maximum duration of " + minutes + " minutes.", null), null));
        if (!terminated) {
            ws.close(1001, "invalid_request_error.session_expired", Callback.NOOP);
            terminated = true;
        }
    }

    // ---- faults ----

    private void arm(Fault fault) {
        switch (fault) {
            case Fault.DelayEach d -> delayNanos = d.delay().toNanos();
            case Fault.ExpireAfter x -> expiryNanos = Math.min(expiryNanos - System.nanoTime(), x.after().toNanos()) + System.nanoTime();
            case Fault.RejectHandshake r -> { }
            case Fault.Triggered<?> t -> {
                long randomN = t.trigger() instanceof Fault.Trigger.AfterRandomEvents r ? r.min() + ids.nextInt(r.max() - r.min() + 1) : 0;
                Armed a = new Armed(t, sentEvents, sentAudioDeltas, randomN);
                if (t.trigger() instanceof Fault.Trigger.Now) {
                    fire(a);
                } else {
                    armed.add(a);
                }
            }
        }
    }

    private void fire(Armed a) {
        armed.remove(a);
        switch (a.fault) {
            case Fault.Drop d -> {
                // Frames already written must still reach the client (they were sent before the drop);
                // an immediate abort could discard them from the socket buffers.
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ws.disconnect();
                terminated = true;
            }
            case Fault.Close c -> {
                ws.close(c.code(), c.reason(), Callback.NOOP);
                terminated = true;
            }
            case Fault.Stall s -> stalled = true;
            case Fault.MalformedFrame m -> write("{\"type\":\"response.output_audio.delta\",\"event_id\":\"" + ids.next("event") + "\",\"delta\":");
            case Fault.UnknownEvent u -> {
                ObjectNode e = event(u.type());
                e.put("note", "simulated unknown event");
                write(Json.write(e));
            }
        }
    }

    private void checkAfterFaults(String type) {
        for (Armed a : List.copyOf(armed)) {
            if (terminated) {
                return;
            }
            boolean hit = switch (a.fault.trigger()) {
                case Fault.Trigger.AfterEvents t -> sentEvents - a.baseEvents >= t.n();
                case Fault.Trigger.AfterRandomEvents t -> sentEvents - a.baseEvents >= a.randomN;
                case Fault.Trigger.AfterAudioDeltas t -> sentAudioDeltas - a.baseAudio >= t.k();
                case Fault.Trigger.AfterEvent t -> t.type().equals(type);
                default -> false;
            };
            if (hit) {
                fire(a);
            }
        }
    }

    // ---- output ----

    ObjectNode event(String type) {
        ObjectNode e = Json.obj();
        e.put("type", type);
        e.put("event_id", ids.next("event"));
        return e;
    }

    void send(ObjectNode e) {
        if (terminated) {
            return;
        }
        String type = e.get("type").asText();
        for (Armed a : List.copyOf(armed)) {
            if (a.fault.trigger() instanceof Fault.Trigger.InsteadOfEvent t && t.type().equals(type)) {
                fire(a);
                if (terminated || stalled) {
                    return;
                }
            }
        }
        if (stalled) {
            return;
        }
        if (itemsDirty) {
            publishItems();
        }
        ObjectNode out = beta ? Beta.toBeta(e) : e;
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
        sentEvents++;
        if (type.equals("response.output_audio.delta")) {
            sentAudioDeltas++;
        }
        checkAfterFaults(type);
    }

    private void write(String text) {
        Session s = ws;
        if (terminated || s == null || !s.isOpen()) {
            terminated = true;
            return;
        }
        Callback.Completable cb = new Callback.Completable();
        s.sendText(text, cb);
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
        RecordedEvent r = new RecordedEvent(sessionId, type, json);
        synchronized (recorded) {
            recorded.add(r);
        }
        sim.recorded(r);
    }

    private void onText(String text) {
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
            for (Armed a : List.copyOf(armed)) {
                if (a.fault.trigger() instanceof Fault.Trigger.OnClientEvent t && t.type().equals(type)) {
                    fire(a);
                    if (terminated) {
                        return;
                    }
                }
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
            dispatch(type, ev, eventId);
        } catch (SimError err) {
            error(err, eventId);
        }
    }

    private void dispatch(String type, JsonNode ev, String eventId) {
        switch (type) {
            case "session.update" -> {
                config = SessionConfig.merge(config, ev.get("session"));
                configChanged();
                send(event("session.updated").set("session", config.deepCopy()));
            }
            case "input_audio_buffer.append", "session.input_audio_buffer.append" -> append(ev);
            case "input_audio_buffer.commit" -> {
                long ms = buffer.size() / bytesPerMs();
                if (buffer.size() < 100L * bytesPerMs()) {
                    throw new SimError("input_audio_buffer_commit_empty", String.format(Locale.ROOT,
                            "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has %.2fms of audio.",
                            buffer.size() / (double) bytesPerMs()), null);
                }
                String id = speechItemId != null ? speechItemId : ids.next("item");
                speechItemId = null;
                if (vad != null) {
                    vad.reset();
                }
                commit(id, buffer.toByteArray());
                bufferStartMs += ms;
                buffer = new ByteArrayOutputStream();
                maybeAutoRespond(false);
            }
            case "input_audio_buffer.clear" -> {
                bufferStartMs += buffer.size() / bytesPerMs();
                buffer = new ByteArrayOutputStream();
                speechItemId = null;
                if (vad != null) {
                    vad.reset();
                }
                send(event("input_audio_buffer.cleared"));
            }
            case "conversation.item.create" -> createItem(ev);
            case "conversation.item.retrieve" -> {
                Item item = find(required(ev, "item_id"), "retrieving");
                send(event("conversation.item.retrieved").set("item", item.json(true)));
            }
            case "conversation.item.delete" -> {
                Item item = find(required(ev, "item_id"), "deleting");
                items.remove(item);
                itemsChanged();
                send(event("conversation.item.deleted").put("item_id", item.id));
            }
            case "conversation.item.truncate" -> truncate(ev);
            case "response.create" -> createResponse(ev.get("response"));
            case "response.cancel" -> cancel(Json.text(ev, "response_id"));
            case "session.close" -> {
                ws.close(1000, "", Callback.NOOP);
                terminated = true;
            }
            default -> throw SimError.invalidValue("type", type, CLIENT_TYPES.toArray(String[]::new));
        }
    }

    private static String required(JsonNode ev, String field) {
        if (!ev.hasNonNull(field)) {
            throw SimError.missing(field);
        }
        return ev.get(field).asText();
    }

    private int bytesPerMs() {
        String f = config.path("audio").path("input").path("format").path("type").asText("audio/pcm");
        return f.equals("audio/pcm") ? 48 : 8;
    }

    private void configChanged() {
        configJson = Json.write(config);
        JsonNode td = config.path("audio").path("input").path("turn_detection");
        if (td.isObject()) {
            String fmt = config.path("audio").path("input").path("format").path("type").asText("audio/pcm");
            long silence = td.path("type").asText().equals("semantic_vad")
                    ? switch (td.path("eagerness").asText("auto")) {
                        case "low" -> 1000;
                        case "high" -> 250;
                        default -> 500;
                    }
                    : td.path("silence_duration_ms").asLong(200);
            if (vad == null) {
                vad = new Vad(fmt);
            }
            vad.configure(td.path("threshold").asDouble(0.5), silence);
        } else {
            vad = null;
        }
    }

    private void append(JsonNode ev) {
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(required(ev, "audio"));
        } catch (IllegalArgumentException e) {
            throw new SimError("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio");
        }
        synchronized (allInput) {
            allInput.writeBytes(audio);
        }
        if (vad == null) {
            buffer.writeBytes(audio);
            return;
        }
        // Feed the VAD in slices so a commit at speech end takes exactly the audio before it.
        int bpm = bytesPerMs();
        int off = 0;
        Vad.Event ve = null;
        while (off < audio.length) {
            int n = Math.min(10 * bpm, audio.length - off);
            buffer.write(audio, off, n);
            ve = vad.feed(Arrays.copyOfRange(audio, off, off + n));
            off += n;
            if (ve != null) {
                onVad(ve);
                if (terminated) {
                    return;
                }
            }
        }
    }

    private void onVad(Vad.Event ve) {
        JsonNode td = config.path("audio").path("input").path("turn_detection");
        switch (ve) {
            case Vad.Started s -> {
                long start = Math.max(bufferStartMs, s.speechMs() - td.path("prefix_padding_ms").asLong(300));
                speechItemId = ids.next("item");
                send(event("input_audio_buffer.speech_started").put("audio_start_ms", start).put("item_id", speechItemId));
                if (activeConv != null && td.path("interrupt_response").asBoolean(true)) {
                    activeConv.cancel("turn_detected");
                }
            }
            case Vad.Stopped s -> {
                String id = speechItemId != null ? speechItemId : ids.next("item");
                speechItemId = null;
                send(event("input_audio_buffer.speech_stopped").put("audio_end_ms", s.endMs()).put("item_id", id));
                byte[] all = buffer.toByteArray();
                int cut = (int) Math.min(all.length, Math.max(0, (s.endMs() - bufferStartMs) * bytesPerMs()));
                commit(id, Arrays.copyOf(all, cut));
                buffer = new ByteArrayOutputStream();
                buffer.write(all, cut, all.length - cut);
                bufferStartMs = s.endMs();
                maybeAutoRespond(true);
            }
        }
    }

    private void maybeAutoRespond(boolean vadCommit) {
        JsonNode td = config.path("audio").path("input").path("turn_detection");
        if (vadCommit && td.path("create_response").asBoolean(true) && "realtime".equals(config.path("type").asText())
                && activeConv == null) {
            startResponse(null, conversationContext(), true);
        }
    }

    private void commit(String itemId, byte[] audio) {
        String previous = items.isEmpty() ? null : items.get(items.size() - 1).id;
        ObjectNode c = event("input_audio_buffer.committed");
        c.put("previous_item_id", previous);
        c.put("item_id", itemId);
        send(c);
        Item item = new Item();
        item.id = itemId;
        item.type = "message";
        item.role = "user";
        item.audio = audio;
        item.bytesPerMs = bytesPerMs();
        ObjectNode part = item.content.addObject();
        part.put("type", "input_audio");
        part.putNull("transcript");
        items.add(item);
        itemsChanged();
        send(itemEvent("conversation.item.added", previous, item));
        send(itemEvent("conversation.item.done", previous, item));
        JsonNode tr = config.path("audio").path("input").path("transcription");
        if (tr.isObject()) {
            String transcript = String.format(Locale.ROOT, "(speech %.1f s)", item.audioMs() / 1000.0);
            for (String w : ResponseRun.words(transcript)) {
                ObjectNode d = event("conversation.item.input_audio_transcription.delta");
                d.put("item_id", itemId).put("content_index", 0).put("delta", w).put("obfuscation", ids.obfuscation());
                send(d);
            }
            ObjectNode done = event("conversation.item.input_audio_transcription.completed");
            done.put("item_id", itemId).put("content_index", 0).put("transcript", transcript);
            // Real completions carry logprobs only when the session includes them (probe 7 in testdata/captures).
            for (JsonNode inc : config.path("include")) {
                if (inc.asText().equals("item.input_audio_transcription.logprobs")) {
                    done.putNull("logprobs");
                }
            }
            int audioTokens = (int) (item.audioMs() / 100);
            int textOut = Usage.textTokens(transcript);
            ObjectNode u = done.putObject("usage");
            u.put("type", "tokens").put("total_tokens", audioTokens + textOut).put("input_tokens", audioTokens);
            u.putObject("input_token_details").put("text_tokens", 0).put("audio_tokens", audioTokens);
            u.put("output_tokens", textOut);
            send(done);
            part.put("transcript", transcript);
            itemsChanged();
        }
    }

    private ObjectNode itemEvent(String type, String previous, Item item) {
        ObjectNode e = event(type);
        e.put("previous_item_id", previous);
        e.set("item", item.json(false));
        return e;
    }

    private Item find(String id, String action) {
        for (Item i : items) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        throw new SimError("item_not_found", "Error " + action + " item: the item with id '" + id + "' does not exist.", "item_id");
    }

    private void createItem(JsonNode ev) {
        JsonNode spec = ev.get("item");
        if (spec == null || !spec.isObject()) {
            throw SimError.missing("item");
        }
        Item item = buildItem(spec, "item");
        if (spec.hasNonNull("id")) {
            String id = spec.get("id").asText();
            if (id.length() > 32) {
                throw new SimError("string_above_max_length", "Invalid 'item.id': string too long. Expected a string with maximum length 32, but got a string with length "
                        + id.length() + " instead.", "item.id");
            }
            for (Item i : items) {
                if (i.id.equals(id)) {
                    throw new SimError("invalid_value", "Item with id '" + id + "' already exists.", "item.id");
                }
            }
            item.id = id;
        } else {
            item.id = ids.next("item");
        }
        int index = items.size();
        if (ev.hasNonNull("previous_item_id")) {
            String prev = ev.get("previous_item_id").asText();
            if (prev.equals("root")) {
                index = 0;
            } else {
                index = -1;
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).id.equals(prev)) {
                        index = i + 1;
                    }
                }
                if (index < 0) {
                    throw new SimError("item_not_found", "Error adding item: the previous item with id '" + prev + "' does not exist.", "previous_item_id");
                }
            }
        }
        String previous = index == 0 ? null : items.get(index - 1).id;
        items.add(index, item);
        itemsChanged();
        send(itemEvent("conversation.item.added", previous, item));
        send(itemEvent("conversation.item.done", previous, item));
    }

    /** Builds (and validates) an item from a client item object, without an id. */
    private Item buildItem(JsonNode spec, String p) {
        Item item = new Item();
        String type = spec.path("type").asText("message");
        item.type = type;
        item.bytesPerMs = bytesPerMs();
        switch (type) {
            case "message" -> {
                String role = spec.path("role").asText(null);
                if (role == null) {
                    throw SimError.missing(p + ".role");
                }
                Set<String> allowed = switch (role) {
                    case "user" -> Set.of("input_text", "input_audio", "input_image");
                    case "system" -> Set.of("input_text");
                    case "assistant" -> Set.of("output_text", "text", "output_audio");
                    default -> throw SimError.invalidValue(p + ".role", role, "user", "assistant", "system");
                };
                item.role = role;
                JsonNode content = spec.path("content");
                if (!content.isArray()) {
                    throw SimError.missing(p + ".content");
                }
                for (int i = 0; i < content.size(); i++) {
                    JsonNode c = content.get(i);
                    String ct = c.path("type").asText();
                    if (!allowed.contains(ct)) {
                        throw SimError.invalidValue(p + ".content[" + i + "].type", ct, allowed.stream().sorted().toArray(String[]::new));
                    }
                    ObjectNode part = c.deepCopy();
                    if (part.has("audio")) {
                        try {
                            item.audio = Base64.getDecoder().decode(part.get("audio").asText());
                        } catch (IllegalArgumentException e) {
                            throw new SimError("invalid_value", "Invalid '" + p + ".content[" + i + "].audio'. Expected base64-encoded audio bytes.", p + ".content[" + i + "].audio");
                        }
                        part.remove("audio");
                        if (!part.has("transcript")) {
                            part.putNull("transcript");
                        }
                    }
                    if (ct.equals("text")) {
                        part.put("type", "output_text");
                    }
                    item.content.add(part);
                }
            }
            case "function_call" -> {
                item.name = spec.path("name").asText(null);
                if (item.name == null) {
                    throw SimError.missing(p + ".name");
                }
                item.callId = spec.hasNonNull("call_id") ? spec.get("call_id").asText() : ids.call();
                item.arguments = spec.path("arguments").asText("{}");
            }
            case "function_call_output" -> {
                String callId = spec.path("call_id").asText(null);
                if (callId == null) {
                    throw SimError.missing(p + ".call_id");
                }
                boolean known = items.stream().anyMatch(i -> "function_call".equals(i.type) && callId.equals(i.callId));
                if (!known) {
                    throw new SimError("invalid_value", "No tool call found for function call output with call_id '" + callId + "'.", p + ".call_id");
                }
                item.callId = callId;
                item.output = spec.path("output").asText("");
            }
            default -> throw SimError.invalidValue(p + ".type", type, "message", "function_call", "function_call_output",
                    "mcp_approval_response");
        }
        item.status = spec.path("status").asText("completed");
        return item;
    }

    private void truncate(JsonNode ev) {
        String id = required(ev, "item_id");
        required(ev, "content_index");
        required(ev, "audio_end_ms");
        Item item = find(id, "truncating");
        int ci = ev.get("content_index").asInt();
        long end = ev.get("audio_end_ms").asLong();
        boolean audioPart = "assistant".equals(item.role) && ci >= 0 && ci < item.content.size()
                && item.content.get(ci).path("type").asText().equals("output_audio");
        if (!audioPart) {
            throw new SimError("invalid_value", "Only model output audio messages can be truncated", "item_id");
        }
        long total = item.audioMs();
        if (end > total) {
            throw new SimError("invalid_value", "Audio content of " + total + "ms is already shorter than " + end + "ms", "audio_end_ms");
        }
        if (end < 0) {
            throw new SimError("integer_below_min_value", "Invalid 'audio_end_ms': integer below minimum value. Expected a value >= 0, but got " + end + " instead.", "audio_end_ms");
        }
        ObjectNode part = (ObjectNode) item.content.get(ci);
        String transcript = part.path("transcript").asText("");
        int keep = total == 0 ? 0 : (int) Math.round(transcript.length() * (double) end / total);
        part.put("transcript", transcript.substring(0, Math.min(transcript.length(), keep)));
        item.audio = Arrays.copyOf(item.audio, (int) (end * item.bytesPerMs));
        itemsChanged();
        ObjectNode e = event("conversation.item.truncated");
        e.put("item_id", id).put("content_index", ci).put("audio_end_ms", end);
        send(e);
    }

    // ---- responses ----

    private List<Item> conversationContext() {
        return List.copyOf(items);
    }

    private void createResponse(JsonNode r) {
        if (!"realtime".equals(config.path("type").asText())) {
            throw new SimError("invalid_value", "Responses are not supported on transcription sessions.", "type");
        }
        if (r != null && !r.isNull() && !r.isObject()) {
            throw SimError.invalidType("response", "an object");
        }
        ObjectNode params = r == null || r.isNull() ? Json.obj() : (ObjectNode) r;
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!RESPONSE_FIELDS.contains(f)) {
                throw SimError.unknownParameter("response." + f);
            }
        }
        String conversation = params.path("conversation").asText("auto");
        if (!conversation.equals("auto") && !conversation.equals("none")) {
            throw SimError.invalidValue("response.conversation", conversation, "auto", "none");
        }
        boolean inConv = conversation.equals("auto");
        if (inConv && activeConv != null) {
            throw new SimError("conversation_already_has_active_response", "Conversation already has an active response in progress: "
                    + activeConv.id + ". Wait until the response is finished before creating a new one.", null);
        }
        if (params.has("output_modalities")) {
            JsonNode v = params.get("output_modalities");
            if (!v.isArray() || v.size() != 1 || !Set.of("audio", "text").contains(v.get(0).asText())) {
                throw SimError.invalidValue("response.output_modalities", v.path(0).asText(v.toString()), "audio", "text");
            }
        }
        if (params.has("tools")) {
            SessionConfig.tools(params.get("tools"), "response.tools");
        }
        if (params.has("tool_choice")) {
            SessionConfig.toolChoice(params.get("tool_choice"), "response.tool_choice");
        }
        if (params.has("max_output_tokens")) {
            SessionConfig.maxTokens(params.get("max_output_tokens"), "response.max_output_tokens");
        }
        JsonNode metadata = params.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject() || metadata.size() > 16) {
                throw new SimError("invalid_value", "Invalid 'response.metadata': expected an object with at most 16 string values.", "response.metadata");
            }
        }
        List<Item> context;
        if (params.has("input")) {
            context = new ArrayList<>();
            JsonNode input = params.get("input");
            for (int i = 0; i < input.size(); i++) {
                JsonNode spec = input.get(i);
                if ("item_reference".equals(spec.path("type").asText())) {
                    String ref = spec.path("id").asText();
                    Item found = items.stream().filter(x -> x.id.equals(ref)).findFirst().orElseThrow(() -> new SimError("item_not_found",
                            "Error resolving item reference: the item with id '" + ref + "' does not exist.", "response.input[" + (context.size()) + "].id"));
                    context.add(found);
                } else {
                    Item built = buildItem(spec, "response.input[" + i + "]");
                    built.id = spec.hasNonNull("id") ? spec.get("id").asText() : ids.next("item");
                    context.add(built);
                }
            }
        } else {
            context = conversationContext();
        }
        startResponse(params, context, inConv);
    }

    private void startResponse(ObjectNode params, List<Item> context, boolean inConv) {
        ObjectNode p = params == null ? Json.obj() : params;
        String id = ids.next("resp");
        List<String> modalities = new ArrayList<>();
        (p.has("output_modalities") ? p.get("output_modalities") : config.get("output_modalities")).forEach(m -> modalities.add(m.asText()));
        String instructions = p.has("instructions") ? p.get("instructions").asText() : config.path("instructions").asText("");
        JsonNode toolsNode = p.has("tools") ? p.get("tools") : config.path("tools");
        List<Tool> tools = new ArrayList<>();
        for (JsonNode t : toolsNode) {
            if ("function".equals(t.path("type").asText("function"))) {
                tools.add(new Tool(t.path("name").asText(), Json.text(t, "description"),
                        t.has("parameters") ? Json.write(t.get("parameters")) : "{}"));
            }
        }
        JsonNode tc = p.has("tool_choice") ? p.get("tool_choice") : config.path("tool_choice");
        String toolChoice = tc.isTextual() ? tc.asText() : "function:" + tc.path("name").asText();
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode md = p.get("metadata");
        if (md != null && md.isObject()) {
            md.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
        List<SimItem> snapshot = context.stream().map(Item::snapshot).toList();
        String lastUser = null;
        for (SimItem i : snapshot) {
            if ("user".equals(i.role())) {
                lastUser = i.text();
            }
        }
        ResponseContext ctx = new ResponseContext(instructions, snapshot, lastUser, tools, toolChoice, modalities, metadata, !inConv);
        Reply reply = sim.nextScripted();
        if (reply == null) {
            try {
                reply = sim.responder().respond(ctx);
            } catch (RuntimeException e) {
                reply = Reply.failed("server_error", "The responder failed: " + e.getMessage());
            }
            if (reply == null) {
                reply = Reply.failed("server_error", "The responder returned no reply.");
            }
        }
        Usage.Input input = inputUsage(context, instructions + Json.write(toolsNode), inConv);
        JsonNode outAudio = p.path("audio").path("output");
        JsonNode cfgOut = config.path("audio").path("output");
        ObjectNode skeleton = ResponseRun.skeleton(id, inConv ? conversationId : null, modalities,
                p.has("max_output_tokens") ? p.get("max_output_tokens") : config.get("max_output_tokens"),
                outAudio.has("format") ? SessionConfig.format(outAudio.get("format"), "response.audio.output.format") : cfgOut.get("format"),
                outAudio.has("voice") ? SessionConfig.voice(outAudio.get("voice"), "response.audio.output.voice") : cfgOut.get("voice"),
                md == null || md.isNull() ? null : md.deepCopy());
        ResponseRun run = new ResponseRun(this, id, inConv, skeleton, reply, input, modalities.contains("audio"));
        runs.add(run);
        if (inConv) {
            activeConv = run;
        }
    }

    private Usage.Input inputUsage(List<Item> context, String key, boolean inConv) {
        int text = Usage.textTokens(key);
        int audio = 0;
        List<String> idsInContext = new ArrayList<>();
        for (Item i : context) {
            idsInContext.add(i.id);
            String t = switch (i.type) {
                case "function_call" -> i.name + i.arguments;
                case "function_call_output" -> i.output;
                default -> i.audio != null && "user".equals(i.role) ? null : i.text();
            };
            text += Usage.textTokens(t) + 4;
            if (i.audio != null) {
                audio += (int) ("assistant".equals(i.role) ? i.audioMs() / 50 : i.audioMs() / 100);
            }
        }
        int cachedText = 0;
        int cachedAudio = 0;
        if (inConv) {
            boolean prefix = key.equals(lastContextKey) && idsInContext.size() >= lastContextIds.size()
                    && idsInContext.subList(0, lastContextIds.size()).equals(lastContextIds);
            if (prefix) {
                int cached = Math.min(lastInputTotal, text + audio) / 64 * 64;
                cachedAudio = text + audio == 0 ? 0 : Math.min(audio, (int) ((long) cached * audio / (text + audio)));
                cachedText = Math.min(text, cached - cachedAudio);
            }
            lastContextKey = key;
            lastContextIds = idsInContext;
            lastInputTotal = text + audio;
        }
        return new Usage.Input(text, audio, cachedText, cachedAudio);
    }

    private void cancel(String responseId) {
        ResponseRun target;
        if (responseId != null) {
            target = runs.stream().filter(r -> r.id.equals(responseId) && !r.cancelled() && !r.doneSent).findFirst().orElse(null);
            if (target == null) {
                throw new SimError("response_cancel_not_active", "Cancellation failed: no active response found with id '" + responseId + "'.", "response_id");
            }
        } else {
            target = activeConv;
            if (target == null) {
                throw new SimError("response_cancel_not_active", "Cancellation failed: no active response found", null);
            }
        }
        target.cancel("client_cancelled");
    }

    /** Appends an assistant item produced by a response; returns the id of the item before it. */
    String appendItem(Item item) {
        String previous = items.isEmpty() ? null : items.get(items.size() - 1).id;
        items.add(item);
        itemsChanged();
        return previous;
    }

    void itemsChanged() {
        itemsDirty = true;
    }

    void responseFinished(ResponseRun run) {
        run.doneSent = true;
        if (activeConv == run) {
            activeConv = null;
        }
    }

    private void publishItems() {
        itemsDirty = false;
        List<SimItem> snap = new ArrayList<>(items.size());
        for (Item i : items) {
            snap.add(i.snapshot());
        }
        itemsSnapshot = List.copyOf(snap);
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
