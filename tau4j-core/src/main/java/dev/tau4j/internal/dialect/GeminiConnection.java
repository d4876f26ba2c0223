package dev.tau4j.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.ProtocolException;
import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauException;
import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.InputAudioBufferClear;
import dev.tau4j.event.InputAudioBufferCommit;
import dev.tau4j.event.Item;
import dev.tau4j.event.OutputAudioBufferClear;
import dev.tau4j.event.ResponseCancel;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionUpdate;
import dev.tau4j.event.UnknownEvent;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.internal.transport.Transport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One Gemini Live connection (protocol.md §6): what the engine sends, written as Gemini messages,
 * and what the server sends, read as GA events ({@link GeminiTurns} for model turns).
 *
 * <p>What the engine expects an acknowledgement for and Gemini never acknowledges is acknowledged
 * here with made-up events ({@link Link#local}): a created item, a commit, a clear, and the first
 * {@code session.created} (Gemini says nothing before the setup). The setup is sent once per
 * connection, from the session's GA configuration, with the latest resumption handle when the
 * session has one; its {@code setupComplete} is the {@code session.updated}.
 *
 * <p>Threads: {@link #decode} and {@link #next} run on the reader only; the encoders run on the
 * senders' threads. What both touch is in concurrent or volatile fields, or in {@link GeminiInput}.
 */
final class GeminiConnection implements Dialect {

    private static final String TURN_COMPLETE = "{\"clientContent\":{\"turnComplete\":true}}";

    private final GeminiDialect session;
    private final Link link;
    /** Events read from the frame being decoded and not yet taken. Reader-confined. */
    private final Queue<ServerEvent> out = new ArrayDeque<>();
    private final GeminiTurns turns;
    /** Metadata of the {@code response.create}s waiting for a model turn, oldest first. */
    private final Queue<ObjectNode> requests = new ConcurrentLinkedQueue<>();
    /** Names of the calls the model made on this connection and that await their output, by call id. */
    private final Map<String, String> liveCalls = new ConcurrentHashMap<>();
    /** Names of every call seen (live or replayed), by call id. */
    private final Map<String, String> callNames = new ConcurrentHashMap<>();
    /** Calls the server cancelled ({@code toolCallCancellation}): their output is not sent. */
    private final Set<String> cancelledCalls = ConcurrentHashMap.newKeySet();
    /** The GA session the setup was written from; null until it was sent. */
    private volatile ObjectNode setupSession;
    /** The resumption handle the setup carried; null when it started afresh. */
    private volatile String offeredHandle;
    /** Set when {@code setupComplete} answered a setup that carried a handle. */
    private volatile boolean resumed;
    private volatile boolean textOnly;
    /** The response a {@code response.cancel} named; null when none (cleared when a response ended). */
    private volatile String cancelled;
    /**
     * A tool response asked the server for a turn that no {@code response.create} is bound to yet:
     * the next one takes that turn instead of asking again. Cleared once taken, when a response
     * ends, and when content is sent ({@code clientContent} interrupts the turn the tool response
     * started, so a request after it must ask for its own).
     */
    private volatile boolean turnAskedByTool;
    /** The user item a commit made, to which the turn's transcript belongs; taken by the reader. */
    private volatile String committedItem;
    /** Set once the server announced the end of this connection. */
    private volatile boolean goingAway;
    private final GeminiInput input = new GeminiInput();

    GeminiConnection(GeminiDialect session, Link link) {
        this.session = session;
        this.link = link;
        this.turns = new GeminiTurns(this, out);
        link.local(GaEvents.sessionCreated());
    }

    @Override
    public String name() {
        return session.name();
    }

    @Override
    public boolean makesEvents() {
        return true;
    }

    @Override
    public boolean decodesBinary() {
        return true;
    }

    @Override
    public boolean resumed() {
        return resumed;
    }

    @Override
    public boolean configuresEveryConnection() {
        return true;
    }

    // ---- client → server

    @Override
    public Transport.Payload encodeFast(ClientEvent event) {
        return event instanceof InputAudioBufferAppend append ? input.audio(append.audio(), link) : null;
    }

    @Override
    public String encode(ClientEvent event) {
        return switch (event) {
            case InputAudioBufferAppend a -> {
                Transport.Payload p = input.audio(a.audio(), link);
                byte[] utf8 = new byte[p.length()];
                p.writeTo(utf8, 0);
                yield new String(utf8, StandardCharsets.US_ASCII);
            }
            case SessionUpdate u -> setup(u);
            case ConversationItemCreate c -> item(c);
            case ResponseCreate r -> responseCreate(r);
            case InputAudioBufferCommit c -> commit();
            case InputAudioBufferClear c -> {
                link.local(GaEvents.cleared());
                yield null;   // Gemini keeps no input buffer to clear
            }
            case ResponseCancel c -> {
                cancelled = c.responseId();   // the rest of its turn is dropped and it ends cancelled
                yield null;
            }
            case OutputAudioBufferClear c -> null;
            default -> throw new UnsupportedOperationException(event.type() + " is not supported by provider '"
                    + session.name() + "' (Gemini Live); nothing was sent");
        };
    }

    private String setup(SessionUpdate update) {
        ObjectNode ga = readObject(update.sessionJson(), "session");
        if (setupSession != null) {
            if (ga.equals(setupSession)) {
                link.local(GaEvents.sessionUpdated(ga));
                return null;
            }
            throw new UnsupportedOperationException("Provider '" + session.name() + "' (Gemini Live) takes the session's"
                    + " options once per connection; open a new session to change them");
        }
        String handle = session.handle();
        input.configure(GeminiSetup.inputRate(ga), GeminiSetup.manualTurns(ga));
        textOnly = GeminiSetup.textOnly(ga);
        offeredHandle = handle;
        setupSession = ga;
        return GeminiSetup.setup(ga, session.modelPath(), handle).toString();
    }

    private String item(ConversationItemCreate create) {
        Item item = create.item();
        String frame;
        if (item instanceof FunctionCallOutputItem output) {
            String live = liveCalls.remove(output.callId());
            if (cancelledCalls.remove(output.callId())) {
                frame = null;   // the server cancelled the call: it wants no answer
            } else if (live != null) {
                frame = GeminiSetup.toolResponse(output.callId(), live, output.output()).toString();
                turnAskedByTool = true;   // the model goes on by itself once it has the answer
            } else {
                frame = GeminiSetup.functionResponseTurn(output.callId(), callNames.get(output.callId()), output.output())
                        .toString();
                turnAskedByTool = false;
            }
        } else {
            if (item instanceof FunctionCallItem call && call.callId() != null && call.name() != null) {
                callNames.put(call.callId(), call.name());
            }
            frame = GeminiSetup.clientContent(item).toString();
            turnAskedByTool = false;
        }
        ObjectNode json = GaEvents.itemJson(item);
        json.put("status", "completed");
        GaEvents.itemAddedAndDone(json, create.previousItemId()).forEach(link::local);
        return frame;
    }

    private String responseCreate(ResponseCreate create) {
        ObjectNode response = readObject(create.responseJson(), "response");
        requests.add(response.get("metadata") instanceof ObjectNode m ? m : Json.MAPPER.createObjectNode());
        if (input.endActivity()) {
            // Manual turns: the model answers the end of the user's activity, so it ends only when asked for.
            return GeminiInput.ACTIVITY_END;
        }
        if (turnAskedByTool) {
            turnAskedByTool = false;
            return null;   // the tool response asked for it: the coming turn is this response
        }
        // Every other request asks for a turn of its own, also while a model turn streams: content sent
        // since then interrupts that turn on the server, which starts no other unless asked (issue 17).
        return TURN_COMPLETE;
    }

    private String commit() {
        String frame = input.commit();
        long endMs = input.ms();
        String itemId = GeminiDialect.newId("item_");
        committedItem = itemId;
        link.local(GaEvents.speechStopped(endMs, itemId));
        link.local(GaEvents.committed(itemId, null));
        GaEvents.itemAddedAndDone(GaEvents.userAudioItem(itemId, null), null).forEach(link::local);
        return frame;
    }

    // ---- server → client

    @Override
    public ServerEvent decode(byte[] buf, int offset, int length) {
        out.clear();
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(buf, offset, length);
        } catch (IOException e) {
            throw new ProtocolException("Gemini frame is not JSON (" + e.getMessage() + ")",
                    new String(buf, offset, length, StandardCharsets.UTF_8), e);
        }
        if (!(root instanceof ObjectNode message)) {
            throw new ProtocolException("Gemini frame is not a JSON object", String.valueOf(root), null);
        }
        boolean known = false;
        if (message.has("usageMetadata")) {
            turns.usage(message.get("usageMetadata"));
            known = true;
        }
        if (message.has("setupComplete")) {
            if (setupSession == null) {
                throw new ProtocolException("Gemini setupComplete before any setup", message.toString(), null);
            }
            resumed = offeredHandle != null;
            out.add(GaEvents.sessionUpdated(setupSession));
            known = true;
        }
        if (message.has("serverContent")) {
            turns.serverContent(message.get("serverContent"));
            known = true;
        }
        if (message.has("toolCall")) {
            turns.toolCall(message.get("toolCall"));
            known = true;
        }
        if (message.get("toolCallCancellation") instanceof ObjectNode cancellation) {
            for (JsonNode id : cancellation.path("ids")) {
                if (liveCalls.remove(id.asText()) != null) {
                    cancelledCalls.add(id.asText());
                }
            }
            known = true;
        }
        if (message.get("sessionResumptionUpdate") instanceof ObjectNode update) {
            String handle = update.path("newHandle").asText("");
            boolean resumable = update.path("resumable").asBoolean(false) || "true".equals(update.path("resumable").asText());
            if (resumable && !handle.isEmpty()) {
                session.handle(handle);
            }
            known = true;
        }
        if (message.get("goAway") instanceof ObjectNode goAway) {
            goingAway = true;
            link.goAway(duration(goAway.path("timeLeft").asText("0s")));
            known = true;
        }
        if (!known) {
            String key = message.fieldNames().hasNext() ? message.fieldNames().next() : "(empty)";
            out.add(new UnknownEvent(key, null, message.toString()));
        }
        return out.poll();
    }

    @Override
    public ServerEvent next() {
        return out.poll();
    }

    /** A protobuf duration such as {@code "50s"} or {@code "1.5s"}; zero when unreadable. */
    static Duration duration(String text) {
        try {
            String s = text.strip();
            double seconds = Double.parseDouble(s.endsWith("s") ? s.substring(0, s.length() - 1) : s);
            return Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    @Override
    public TauException closeFailure(int code, String reason) {
        String handle = offeredHandle;
        boolean refusedHandle = code == 1007 && handle != null && !resumed;
        if (refusedHandle) {
            session.refused(handle);
        }
        return GeminiClose.of(session.name(), code, reason, refusedHandle, goingAway);
    }

    // ---- what the turns reader asks of the connection

    boolean textOnly() {
        return textOnly;
    }

    /** Whether a {@code response.cancel} named {@code responseId}. */
    boolean cancelRequested(String responseId) {
        String c = cancelled;
        return c != null && c.equals(responseId);
    }

    boolean hasRequest() {
        return !requests.isEmpty();
    }

    /** The metadata of the oldest waiting {@code response.create}, or empty metadata (the server started the turn). */
    ObjectNode nextRequest() {
        ObjectNode m = requests.poll();
        return m != null ? m : Json.MAPPER.createObjectNode();
    }

    void called(String callId, String name) {
        liveCalls.put(callId, name);
        callNames.put(callId, name);
    }

    String takeCommitted() {
        String c = committedItem;
        committedItem = null;
        return c;
    }

    /** The user's input on this connection. */
    GeminiInput input() {
        return input;
    }

    void responseEnded() {
        cancelled = null;
        turnAskedByTool = false;
    }

    private static ObjectNode readObject(String json, String what) {
        try {
            if (Json.MAPPER.readTree(json) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + what + " is not JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the " + what + " is not a JSON object");
    }

    // ---- per-connection dialects do not connect or configure: the session's dialect does

    @Override
    public URI connectUri(URI endpoint, String model) {
        return session.connectUri(endpoint, model);
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        return session.headers(apiKey);
    }

    @Override
    public String sessionJson(SessionOptions options) {
        return session.sessionJson(options);
    }

    @Override
    public String responseJson(ResponseOptions options, String requestId) {
        return session.responseJson(options, requestId);
    }

    @Override
    public String toString() {
        return "Dialect[" + session.name() + ", Gemini Live connection]";
    }
}
