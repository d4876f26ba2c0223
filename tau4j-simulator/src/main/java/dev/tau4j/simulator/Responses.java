package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The responses of one session: {@code response.create} (validation, context, who answers, input
 * usage with caching), {@code response.cancel}, barge-in, and the round-robin schedule that
 * interleaves the events of concurrent responses. Confined to the connection thread.
 */
final class Responses {
    private static final Set<String> RESPONSE_FIELDS = Set.of("output_modalities", "instructions", "audio", "tools", "tool_choice",
            "max_output_tokens", "conversation", "metadata", "prompt", "input");

    private final Connection conn;
    private final List<ResponseRun> runs = new ArrayList<>();
    /** The in-conversation response streaming now, or null; at most one at a time. */
    private ResponseRun activeConv;
    private int roundRobin;
    private List<String> lastContextIds = List.of();
    private String lastContextKey;
    private int lastInputTotal;

    Responses(Connection conn) {
        this.conn = conn;
    }

    /** Drops the responses in flight (the session ended). */
    void clear() {
        runs.clear();
        activeConv = null;
    }

    /** True while an in-conversation response streams (until its {@code response.done} was built). */
    boolean hasActive() {
        return activeConv != null;
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    /**
     * Emits the next due event of the runs (round-robin) and returns -1, or returns how many
     * nanoseconds until the earliest one is due.
     */
    long emitDue(long now, Pace pace) {
        long wait = Long.MAX_VALUE;
        int n = runs.size();
        for (int k = 0; k < n; k++) {
            int i = (roundRobin + k) % n;
            ResponseRun run = runs.get(i);
            long due = pace.isFast() ? now : run.startNanos + run.nextDueNanos();
            if (due - now <= 0) {
                roundRobin = i + 1;
                ObjectNode e = run.emitNext();
                if (run.finished()) {
                    runs.remove(run);
                }
                if (e != null) {
                    conn.send(e);
                }
                return -1;
            }
            wait = Math.min(wait, due - now);
        }
        return wait;
    }

    void create(JsonNode r) {
        ObjectNode config = conn.config();
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
            SessionConfig.outputModalities(params.get("output_modalities"), "response.output_modalities");
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
        if (metadata != null && !metadata.isNull() && (!metadata.isObject() || metadata.size() > 16)) {
            throw new SimError("invalid_value", "Invalid 'response.metadata': expected an object with at most 16 string values.", "response.metadata");
        }
        List<Item> context = params.has("input") ? input(params.get("input")) : List.copyOf(conn.conversation().items());
        start(params, context, inConv);
    }

    private List<Item> input(JsonNode input) {
        List<Item> context = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode spec = input.get(i);
            if ("item_reference".equals(spec.path("type").asText())) {
                String ref = spec.path("id").asText();
                Item found = conn.conversation().byId(ref);
                if (found == null) {
                    throw new SimError("item_not_found", "Item with item_id not found: " + ref, "response.input[" + i + "].id");
                }
                context.add(found);
            } else {
                Item built = conn.conversation().build(spec, "response.input[" + i + "]");
                built.id = spec.hasNonNull("id") ? spec.get("id").asText() : conn.ids.next("item");
                context.add(built);
            }
        }
        return context;
    }

    /** A server-VAD turn ended: answer it, unless a response is still running in the conversation. */
    void autoRespond() {
        if ("realtime".equals(conn.config().path("type").asText()) && activeConv == null) {
            start(Json.obj(), List.copyOf(conn.conversation().items()), true);
        }
    }

    /** The user started speaking: the in-conversation response stops with {@code turn_detected}. */
    void bargeIn() {
        if (activeConv != null) {
            activeConv.cancel("turn_detected");
        }
    }

    private void start(ObjectNode p, List<Item> context, boolean inConv) {
        ObjectNode config = conn.config();
        String id = conn.ids.next("resp");
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
        Reply reply = conn.simulator().nextScripted();
        if (reply == null) {
            try {
                reply = conn.simulator().responder().respond(ctx);
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
        JsonNode maxTokens = p.has("max_output_tokens") ? p.get("max_output_tokens") : config.get("max_output_tokens");
        ObjectNode skeleton = ResponseShape.skeleton(id, inConv ? conn.conversationId : null, modalities, maxTokens,
                outAudio.has("format") ? SessionConfig.format(outAudio.get("format"), "response.audio.output.format") : cfgOut.get("format"),
                outAudio.has("voice") ? SessionConfig.voice(outAudio.get("voice"), "response.audio.output.voice") : cfgOut.get("voice"),
                md == null || md.isNull() ? null : md.deepCopy());
        int limit = maxTokens != null && maxTokens.isIntegralNumber() ? maxTokens.asInt() : Integer.MAX_VALUE;
        ResponseRun run = new ResponseRun(conn, id, inConv, skeleton, reply, input, modalities.contains("audio"),
                conn.simulator().pace(), limit);
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

    void cancel(String responseId) {
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

    void finished(ResponseRun run) {
        run.doneSent = true;
        if (activeConv == run) {
            activeConv = null;
        }
    }
}
