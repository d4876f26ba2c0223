package dev.tau4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The way out of a Gemini connection: the GA events of the shared simulated session become
 * Gemini Live server messages (protocol.md §6.3), and the model turn they belong to is tracked —
 * generation start and end, tool calls awaiting their responses, interruptions, and the turn's
 * {@code usageMetadata} (the whole context re-read as prompt on every generation, audio at 32
 * tokens per second). Confined to the connection thread.
 */
final class GeminiTurn {
    /** Audio tokens per second, input and output (protocol.md §6.3). */
    static final int AUDIO_TOKENS_PER_SECOND = 32;

    private final Connection conn;
    private final GeminiConnection edge;
    /** Gemini function call id → GA call id, for the calls sent in a toolCall and not yet answered. */
    private final Map<String, String> pendingCalls = new LinkedHashMap<>();
    /** Ids cancelled by an interruption: a late toolResponse for them is ignored. */
    private final Set<String> cancelledCalls = new HashSet<>();
    /** True from a generation's start to the turn's turnComplete (a tool round trip stays in the turn). */
    private boolean inTurn;
    /** A generation was asked for while the previous one was being interrupted: start it once that one is done. */
    private boolean generateWhenDone;
    private int promptText;
    private int promptAudio;
    private int responseText;
    private long responseAudioBytes;
    /** The message {@link #content()} started and {@link #send(boolean)} sends; null between. */
    private ObjectNode pending;

    GeminiTurn(Connection conn, GeminiConnection edge) {
        this.conn = conn;
        this.edge = edge;
    }

    /** True while generating or while tool calls await their responses: no resumption handle then. */
    boolean busy() {
        return inTurn || !pendingCalls.isEmpty();
    }

    /** Translates one GA event of the simulated session; most have no Gemini counterpart and vanish. */
    void out(ObjectNode ga) {
        GeminiSetup setup = edge.setup();
        switch (ga.path("type").asText()) {
            case "input_audio_buffer.speech_started" -> {
                if (setup.interrupts() && !pendingCalls.isEmpty() && !conn.responses().hasActive()) {
                    cancelCalls(true);
                }
            }
            case "conversation.item.input_audio_transcription.delta" -> {
                if (setup.transcribeIn()) {
                    content().putObject("inputTranscription").put("text", ga.path("delta").asText());
                    send(false);
                }
            }
            case "response.created" -> started();
            case "response.output_audio.delta" -> {
                String data = ga.path("delta").asText();
                responseAudioBytes += data.length() / 4 * 3 - (data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0);
                ObjectNode inline = modelTurn().addObject().putObject("inlineData");
                inline.put("mimeType", GeminiWire.OUTPUT_MIME).put("data", data);
                send(true);
            }
            case "response.output_audio_transcript.delta" -> {
                if (setup.transcribeOut()) {
                    content().putObject("outputTranscription").put("text", ga.path("delta").asText());
                    send(false);
                }
            }
            case "response.output_text.delta" -> {
                responseText += Usage.textTokens(ga.path("delta").asText());
                modelTurn().addObject().put("text", ga.path("delta").asText());
                send(false);
            }
            case "response.done" -> done(ga.path("response"));
            case "error" -> conn.close(GeminiWire.INVALID, GeminiWire.closeReason(ga.path("error").path("message").asText()));
            default -> { }
        }
    }

    private ObjectNode content() {
        pending = Json.obj();
        return pending.putObject("serverContent");
    }

    private ArrayNode modelTurn() {
        // The live service leaves the Content's role out (the docs' and the SDK's frames have none).
        return content().putObject("modelTurn").putArray("parts");
    }

    private void send(boolean audio) {
        ObjectNode msg = pending;
        pending = null;
        conn.emit(msg.fieldNames().next(), msg, audio);
    }

    /** A generation starts: a new turn unless it continues one after a tool response; the context is re-read as prompt. */
    private void started() {
        if (!inTurn) {
            inTurn = true;
            edge.resumptionUpdate(false);
        }
        ObjectNode config = conn.config();
        promptText += Usage.textTokens(config.path("instructions").asText("")) + Usage.textTokens(Json.write(config.path("tools")));
        for (Item i : conn.conversation().items()) {
            if (i.audio != null) {
                // Audio is re-read as audio; its transcript is not counted again.
                promptAudio += (int) (i.audioMs() * AUDIO_TOKENS_PER_SECOND / 1000);
                continue;
            }
            promptText += Usage.textTokens(switch (i.type) {
                case "function_call" -> i.name + i.arguments;
                case "function_call_output" -> i.output;
                default -> i.text();
            });
        }
    }

    private void done(JsonNode response) {
        String status = response.path("status").asText();
        if (status.equals("failed")) {
            conn.close(GeminiWire.INTERNAL, "Internal error occurred.");
            return;
        }
        if (status.equals("cancelled")) {
            content().put("interrupted", true);
            send(false);
            cancelCalls(false);
            return;
        }
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode item : response.path("output")) {
            if ("function_call".equals(item.path("type").asText())) {
                calls.add(item);
            }
        }
        if (calls.isEmpty()) {
            content().put("generationComplete", true);
            send(false);
            complete();
            return;
        }
        ObjectNode msg = Json.obj();
        ArrayNode fcs = msg.putObject("toolCall").putArray("functionCalls");
        for (JsonNode call : calls) {
            String id = "function-call-" + (1 + conn.ids.nextInt(9)) + digits(18);
            pendingCalls.put(id, call.path("call_id").asText());
            responseText += Usage.textTokens(call.path("arguments").asText());
            JsonNode args;
            try {
                args = Json.parse(call.path("arguments").asText("{}"));
            } catch (Exception e) {
                args = Json.obj();
            }
            // In the order the live service sends them (the Voximplant capture): id, args, name.
            ObjectNode fc = fcs.addObject();
            fc.put("id", id);
            fc.set("args", args);
            fc.put("name", call.path("name").asText());
        }
        conn.emit("toolCall", msg, false);
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(conn.ids.nextInt(10));
        }
        return sb.toString();
    }

    /** An interruption ends the turn: pending calls are cancelled, then turnComplete with the turn's usage. */
    private void cancelCalls(boolean sayInterrupted) {
        if (!pendingCalls.isEmpty()) {
            if (sayInterrupted) {
                content().put("interrupted", true);
                send(false);
            }
            ObjectNode msg = Json.obj();
            ArrayNode ids = msg.putObject("toolCallCancellation").putArray("ids");
            pendingCalls.keySet().forEach(ids::add);
            if (cancelledCalls.size() > 1000) {
                cancelledCalls.clear();
            }
            cancelledCalls.addAll(pendingCalls.keySet());
            pendingCalls.clear();
            conn.emit("toolCallCancellation", msg, false);
        }
        complete();
    }

    /** turnComplete with the turn's usageMetadata on the same message, then a fresh resumption handle. */
    private void complete() {
        if (inTurn) {
            completeTurn();
        }
        if (generateWhenDone) {
            generateWhenDone = false;
            conn.responses().create(null);
        }
    }

    private void completeTurn() {
        ObjectNode msg = Json.obj();
        msg.putObject("serverContent").put("turnComplete", true);
        msg.set("usageMetadata", usage());
        inTurn = false;
        promptText = 0;
        promptAudio = 0;
        responseText = 0;
        responseAudioBytes = 0;
        conn.emit("serverContent", msg, false);
        edge.resumptionUpdate(true);
    }

    private ObjectNode usage() {
        int responseAudio = (int) (responseAudioBytes / 48 * AUDIO_TOKENS_PER_SECOND / 1000);
        ObjectNode u = Json.obj();
        u.put("promptTokenCount", promptText + promptAudio);
        u.put("responseTokenCount", responseText + responseAudio);
        u.put("totalTokenCount", promptText + promptAudio + responseText + responseAudio);
        ArrayNode pd = u.putArray("promptTokensDetails");
        pd.addObject().put("modality", "TEXT").put("tokenCount", promptText);
        if (promptAudio > 0) {
            pd.addObject().put("modality", "AUDIO").put("tokenCount", promptAudio);
        }
        ArrayNode rd = u.putArray("responseTokensDetails");
        if (responseText > 0 || responseAudio == 0) {
            rd.addObject().put("modality", "TEXT").put("tokenCount", responseText);
        }
        if (responseAudio > 0) {
            rd.addObject().put("modality", "AUDIO").put("tokenCount", responseAudio);
        }
        return u;
    }

    /** Starts a generation on the conversation, interrupting one in progress first (as a new client turn does). */
    void generate() {
        if (conn.responses().hasActive()) {
            generateWhenDone = true;
            conn.responses().bargeIn();
        } else if (!pendingCalls.isEmpty()) {
            cancelCalls(true);
            conn.responses().create(null);
        } else {
            conn.responses().create(null);
        }
    }

    /** User activity started: the generation in progress, or the tool calls awaiting responses, are interrupted. */
    void interrupt() {
        if (conn.responses().hasActive()) {
            conn.responses().bargeIn();
        } else if (!pendingCalls.isEmpty()) {
            cancelCalls(true);
        }
    }

    /**
     * Takes a function response: the GA call id it answers, or null when it answers a call an
     * interruption cancelled (then ignored). Throws a 1007 refusal for an id never issued.
     */
    String answer(String id) {
        if (cancelledCalls.remove(id)) {
            return null;
        }
        String ga = pendingCalls.remove(id);
        if (ga == null) {
            throw GeminiWire.invalid("Function response id " + id + " does not match a pending function call.");
        }
        return ga;
    }

    /** True when every function call of the last toolCall has its response. */
    boolean allAnswered() {
        return pendingCalls.isEmpty();
    }
}
