package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One response being streamed: a precomputed list of lazy steps, one server event each.
 *
 * <p>Steps build their JSON when emitted, from state the earlier steps accumulated, so a
 * cancellation can finish the item in flight with partial data: {@link #cancel(String)} drops
 * pending deltas and the items not yet started, and keeps the started item's closing events and
 * {@code response.done}. Confined to the connection thread.
 */
final class ResponseRun {
    enum Kind { START, HEAD, DELTA, TAIL, END }

    /** One event to emit, due {@code dueNanos} after the response started (ignored at {@link Pace#FAST}). */
    private record Step(int item, Kind kind, long dueNanos, Supplier<ObjectNode> make) {}

    /** Per output item streaming state. */
    private static final class Out {
        Item item;
        boolean started;
        boolean audio;
        final StringBuilder emittedText = new StringBuilder();
        int emittedAudioBytes;
        String fullText;
        byte[] fullAudio;
        /** The content part, attached to the item at response.content_part.added; null before. */
        ObjectNode part;
    }

    final String id;
    final boolean inConversation;
    private final Connection conn;
    private final List<Step> steps = new ArrayList<>();
    private final List<Out> outs = new ArrayList<>();
    private final ObjectNode response;
    private final Reply reply;
    private final Usage.Input inputUsage;
    private final Pace pace;
    /** Output tokens still allowed by max_output_tokens; the plan stops where they run out. */
    private final TokenBudget budget;
    /** Wall-clock offset (ns) at which the next planned audio delta is due. */
    private long wallCursor;
    private int next;
    private String cancelReason;
    final long startNanos = System.nanoTime();
    /** True once response.done was built; set by the connection. */
    boolean doneSent;
    private String previousItemId;

    ResponseRun(Connection conn, String id, boolean inConversation, ObjectNode response, Reply reply, Usage.Input inputUsage,
            boolean audioModality, Pace pace, int maxOutputTokens) {
        this.conn = conn;
        this.pace = pace;
        this.budget = new TokenBudget(maxOutputTokens);
        this.id = id;
        this.inConversation = inConversation;
        this.response = response;
        this.reply = reply;
        this.inputUsage = inputUsage;
        steps.add(new Step(-1, Kind.START, 0, () -> conn.event("response.created").set("response", responseJson("in_progress", null))));
        if (!reply.isFailure()) {
            if (reply.text() != null) {
                planMessage(reply.text(), audioModality);
            }
            for (FunctionCall call : reply.calls()) {
                if (budget.spent()) {
                    break;
                }
                planCall(call);
            }
        }
        steps.add(new Step(-1, Kind.END, 0, this::doneEvent));
        steps.add(new Step(-1, Kind.END, 0, this::rateLimits));
    }

    boolean finished() {
        return next >= steps.size();
    }

    boolean cancelled() {
        return cancelReason != null;
    }

    /** Offset from {@link #startNanos} at which the next step is due (paced modes only). */
    long nextDueNanos() {
        return steps.get(next).dueNanos;
    }

    /** The next event, or null when this step produced none. */
    ObjectNode emitNext() {
        Step s = steps.get(next++);
        if (s.item >= 0 && s.kind == Kind.HEAD) {
            outs.get(s.item).started = true;
        }
        return s.make.get();
    }

    /** Cancels the response; idempotent. */
    void cancel(String reason) {
        if (cancelReason != null || finished()) {
            return;
        }
        cancelReason = reason;
        int current = -1;
        for (int i = outs.size() - 1; i >= 0; i--) {
            if (outs.get(i).started) {
                current = i;
                break;
            }
        }
        // The closing events go out at once, as the real server sends them, not when the full
        // answer would have finished playing.
        long now = next > 0 ? steps.get(next - 1).dueNanos : 0;
        List<Step> rest = new ArrayList<>();
        for (int i = next; i < steps.size(); i++) {
            Step s = steps.get(i);
            // response.created still goes out when the cancel comes first (real: cancelled, output []).
            if (s.kind == Kind.START || s.kind == Kind.END || (s.item == current && s.item >= 0 && s.kind != Kind.DELTA)) {
                rest.add(new Step(s.item, s.kind, Math.min(s.dueNanos, now), s.make));
            }
        }
        steps.subList(next, steps.size()).clear();
        steps.addAll(rest);
    }

    private void planMessage(String fullText, boolean audio) {
        String text = budget.fit(fullText, audio);
        if (text.isEmpty() && !fullText.isEmpty()) {
            return;
        }
        int idx = outs.size();
        Out o = new Out();
        o.audio = audio;
        o.fullText = text;
        Item item = new Item();
        item.id = conn.ids.next("item");
        item.type = "message";
        item.role = "assistant";
        item.status = "in_progress";
        o.item = item;
        outs.add(o);
        String partType = audio ? "audio" : "text";
        planHead(idx, item);
        steps.add(new Step(idx, Kind.HEAD, 0, () -> {
            attachPart(o);
            return part("response.content_part.added", idx, partType, "");
        }));
        List<String> words = ResponseShape.words(text);
        if (audio) {
            int chunk = SimAudio.bytesFor(100);
            SimAudio.Spoken spoken = SimAudio.spoken(SimAudio.spokenMs(text), text.hashCode(), chunk);
            o.fullAudio = spoken.pcm();
            int chunks = spoken.chunks().length;
            int w = 0;
            for (int j = 0; j < chunks; j++) {
                int upTo = (int) Math.ceil((j + 1) * (double) words.size() / chunks);
                long due = wallCursor;
                for (; w < upTo; w++) {
                    String word = words.get(w);
                    steps.add(new Step(idx, Kind.DELTA, due, () -> textDelta("response.output_audio_transcript.delta", idx, word)));
                }
                int index = j;
                int to = Math.min(o.fullAudio.length, (j + 1) * chunk);
                steps.add(new Step(idx, Kind.DELTA, due, () -> {
                    o.emittedAudioBytes = to;
                    if (!item.truncated) {
                        item.audioLength = to;
                    }
                    return delta("response.output_audio.delta", idx)
                            .set("delta", spoken.chunks()[index]);
                }));
                wallCursor += pace.isFast() ? 0 : (long) (100_000_000L / pace.speedAt(conn.ids.nextDouble()));
            }
            long endNanos = wallCursor;
            steps.add(new Step(idx, Kind.TAIL, endNanos, () -> delta("response.output_audio.done", idx)));
            steps.add(new Step(idx, Kind.TAIL, endNanos, () -> delta("response.output_audio_transcript.done", idx)
                    .put("transcript", o.emittedText.toString())));
        } else {
            for (String word : words) {
                steps.add(new Step(idx, Kind.DELTA, 0, () -> textDelta("response.output_text.delta", idx, word)));
            }
            steps.add(new Step(idx, Kind.TAIL, 0, () -> delta("response.output_text.done", idx).put("text", o.emittedText.toString())));
        }
        long endMs = audio ? steps.get(steps.size() - 1).dueNanos : 0;
        steps.add(new Step(idx, Kind.TAIL, endMs, () -> {
            finishItem(o);
            return part("response.content_part.done", idx, partType, o.emittedText.toString());
        }));
        planTail(idx, item, endMs);
    }

    private void planCall(FunctionCall call) {
        int idx = outs.size();
        Out o = new Out();
        Item item = new Item();
        item.id = conn.ids.next("item");
        item.type = "function_call";
        item.status = "in_progress";
        item.name = call.name();
        item.callId = conn.ids.call();
        item.arguments = "";
        o.item = item;
        o.fullText = call.argumentsJson();
        outs.add(o);
        planHead(idx, item);
        String args = budget.fitArguments(call.argumentsJson());
        for (int i = 0; i < args.length(); i += 12) {
            String piece = args.substring(i, Math.min(args.length(), i + 12));
            steps.add(new Step(idx, Kind.DELTA, 0, () -> {
                o.emittedText.append(piece);
                return callEvent("response.function_call_arguments.delta", item).put("delta", piece);
            }));
        }
        steps.add(new Step(idx, Kind.TAIL, 0, () -> {
            finishItem(o);
            ObjectNode e = callEvent("response.function_call_arguments.done", item);
            e.put("name", item.name);
            e.put("arguments", item.arguments);
            return e;
        }));
        planTail(idx, item, 0);
    }

    /** An output item's opening events: added to the response, then (in the conversation) to the conversation. */
    private void planHead(int idx, Item item) {
        steps.add(new Step(idx, Kind.HEAD, 0, () -> outputItem("response.output_item.added", idx)));
        if (inConversation) {
            steps.add(new Step(idx, Kind.HEAD, 0, () -> {
                previousItemId = conn.conversation().append(item);
                return conversationItem("conversation.item.added", item);
            }));
        }
    }

    /** An output item's closing events, due {@code dueNanos} into the response. */
    private void planTail(int idx, Item item, long dueNanos) {
        if (inConversation) {
            steps.add(new Step(idx, Kind.TAIL, dueNanos, () -> conversationItem("conversation.item.done", item)));
        }
        steps.add(new Step(idx, Kind.TAIL, dueNanos, () -> outputItem("response.output_item.done", idx)));
    }

    private void finishItem(Out o) {
        Item item = o.item;
        if (!"in_progress".equals(item.status)) {
            return;
        }
        item.status = cancelReason == null && !budget.cut() ? "completed" : "incomplete";
        if (item.type.equals("function_call")) {
            item.arguments = o.emittedText.toString();
        } else {
            attachPart(o);
            if (!item.truncated) {
                o.part.put(o.audio ? "transcript" : "text", o.emittedText.toString());
            }
        }
        conn.conversation().changed();
    }

    /**
     * Gives the streaming item its content part, so that a truncate or a retrieve in the middle
     * of the stream sees the audio and transcript sent so far (as the live service does).
     */
    private void attachPart(Out o) {
        if (o.part != null) {
            return;
        }
        Item item = o.item;
        o.part = item.content.addObject();
        if (o.audio) {
            o.part.put("type", "output_audio");
            o.part.put("transcript", "");
            item.audio = o.fullAudio;
            item.audioLength = o.emittedAudioBytes;
        } else {
            o.part.put("type", "output_text");
            o.part.put("text", "");
        }
    }

    private ObjectNode textDelta(String type, int idx, String word) {
        Out o = outs.get(idx);
        o.emittedText.append(word);
        if (o.part != null && !o.item.truncated) {
            o.part.put(o.audio ? "transcript" : "text", o.emittedText.toString());
        }
        return delta(type, idx).put("delta", word).put("obfuscation", conn.ids.obfuscation());
    }

    private ObjectNode delta(String type, int idx) {
        ObjectNode e = conn.event(type);
        e.put("response_id", id);
        e.put("item_id", outs.get(idx).item.id);
        e.put("output_index", idx);
        e.put("content_index", 0);
        return e;
    }

    private ObjectNode callEvent(String type, Item item) {
        ObjectNode e = conn.event(type);
        e.put("response_id", id);
        e.put("item_id", item.id);
        e.put("output_index", outs.indexOf(outs.stream().filter(x -> x.item == item).findFirst().orElseThrow()));
        e.put("call_id", item.callId);
        return e;
    }

    private ObjectNode part(String type, int idx, String partType, String value) {
        ObjectNode e = delta(type, idx);
        ObjectNode p = e.putObject("part");
        p.put("type", partType);
        p.put(partType.equals("audio") ? "transcript" : "text", value);
        return e;
    }

    private ObjectNode outputItem(String type, int idx) {
        ObjectNode e = conn.event(type);
        e.put("response_id", id);
        e.put("output_index", idx);
        e.set("item", outs.get(idx).item.json(false));
        return e;
    }

    private ObjectNode conversationItem(String type, Item item) {
        ObjectNode e = conn.event(type);
        if (previousItemId == null) {
            e.putNull("previous_item_id");
        } else {
            e.put("previous_item_id", previousItemId);
        }
        e.set("item", item.json(false));
        return e;
    }

    private ObjectNode doneEvent() {
        for (Out o : outs) {
            if (o.started) {
                finishItem(o);
            }
        }
        String status = reply.isFailure() ? "failed" : cancelReason != null ? "cancelled"
                : budget.cut() ? "incomplete" : "completed";
        ObjectNode details = ResponseShape.statusDetails(status, reply, cancelReason);
        ObjectNode r = responseJson(status, details);
        int textOut = 0;
        int audioMs = 0;
        for (Out o : outs) {
            if (o.started) {
                textOut += Usage.textTokens(o.emittedText.toString());
                audioMs += o.emittedAudioBytes / 48;
            }
        }
        r.set("usage", Usage.json(inputUsage, textOut, audioMs / 50));
        conn.responses().finished(this);
        return conn.event("response.done").set("response", r);
    }

    private ObjectNode rateLimits() {
        return ResponseShape.rateLimits(conn.event("rate_limits.updated"), inputUsage);
    }

    private ObjectNode responseJson(String status, ObjectNode details) {
        ObjectNode r = response.deepCopy();
        r.put("status", status);
        r.set("status_details", details == null ? Json.M.nullNode() : details);
        ArrayNode output = r.putArray("output");
        if (!"in_progress".equals(status)) {
            for (Out o : outs) {
                if (o.started) {
                    output.add(o.item.json(false));
                }
            }
        }
        return r;
    }
}
