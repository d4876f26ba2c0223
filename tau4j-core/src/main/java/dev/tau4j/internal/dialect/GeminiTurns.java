package dev.tau4j.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.ProtocolException;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.internal.codec.UsageCodec;
import java.util.Base64;
import java.util.Queue;

/**
 * Reads Gemini Live's model turns as GA responses (protocol.md §6.3): the first content of a turn
 * opens a response (bound to the oldest {@code response.create} waiting, else started by the
 * server), {@code modelTurn} parts and {@code outputTranscription} become deltas of one assistant
 * message, {@code toolCall} becomes function-call items and ends the response (the engine answers
 * and asks for the next), {@code interrupted} is a barge-in (speech started; the response ends
 * cancelled), and {@code turnComplete} ends it with the usage that arrived since the last one.
 * The user's side of a turn (audio the server's activity detection took as a turn, and its
 * {@code inputTranscription}) becomes a committed user item with its transcript.
 *
 * <p>Reader-confined: one instance per connection, called for one frame at a time; events go to
 * {@code out} in order.
 */
final class GeminiTurns {

    private final GeminiConnection connection;
    private final Queue<ServerEvent> out;

    /** The response running; null between responses. The fields below it belong to it. */
    private String responseId;
    private ObjectNode metadata;
    private ArrayNode output;
    private int nextOutputIndex;
    /** The assistant message of the response; null until it says something. */
    private String messageId;
    private int messageIndex;
    private boolean textPart;
    private final StringBuilder said = new StringBuilder();
    private boolean interrupted;
    /** The rest of a cancelled server turn is not shown, until its turnComplete. */
    private boolean dropping;
    /** Usage of the turns since the last response.done; null when none arrived. */
    private Usage usage;
    /** A toolCall ended the last response; the turnComplete that may follow belongs to it. */
    private boolean afterToolCall;
    /** The user's turn being heard, and what was transcribed of it; null between turns. */
    private String userItemId;
    private final StringBuilder heard = new StringBuilder();
    /** Whether speech_started was shown for the user's turn being heard. */
    private boolean speechShown;

    GeminiTurns(GeminiConnection connection, Queue<ServerEvent> out) {
        this.connection = connection;
        this.out = out;
    }

    void serverContent(JsonNode content) {
        if (!content.isObject()) {
            throw new ProtocolException("Gemini serverContent is not an object", content.toString(), null);
        }
        if (content.get("inputTranscription") instanceof ObjectNode t && t.hasNonNull("text")) {
            heard(t.get("text").asText());
        }
        if (dropping && !content.path("turnComplete").asBoolean(false)) {
            return;
        }
        if (responseId != null && connection.cancelRequested(responseId)) {
            finish();
            dropping = true;
            return;
        }
        JsonNode turn = content.get("modelTurn");
        if (turn != null) {
            JsonNode parts = turn.get("parts");
            if (parts != null && !parts.isArray()) {
                throw new ProtocolException("Gemini modelTurn.parts is not an array", content.toString(), null);
            }
            if (parts != null) {
                for (JsonNode part : parts) {
                    part(part, content);
                }
            }
        }
        if (content.get("outputTranscription") instanceof ObjectNode t && t.hasNonNull("text") && !connection.textOnly()) {
            String text = t.get("text").asText();
            if (!text.isEmpty()) {
                message(false);
                said.append(text);
                out.add(new ResponseOutputAudioTranscriptDelta(null, responseId, messageId, messageIndex, 0, text));
            }
        }
        if (content.path("interrupted").asBoolean(false)) {
            interrupted();
        }
        if (content.path("turnComplete").asBoolean(false)) {
            turnComplete();
        }
    }

    private void part(JsonNode part, JsonNode content) {
        if (part.get("inlineData") instanceof ObjectNode data) {
            String b64 = data.path("data").asText(null);
            if (b64 == null) {
                throw new ProtocolException("Gemini inlineData has no data", content.toString(), null);
            }
            byte[] pcm;
            try {
                pcm = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("Gemini inlineData is not base64: " + e.getMessage(), content.toString(), e);
            }
            message(false);
            out.add(new ResponseOutputAudioDelta(null, responseId, messageId, messageIndex, 0, pcm));
        } else if (part.hasNonNull("text") && !part.path("thought").asBoolean(false)) {
            String text = part.get("text").asText();
            boolean asText = connection.textOnly();
            message(asText);
            said.append(text);
            out.add(asText ? new ResponseOutputTextDelta(null, responseId, messageId, messageIndex, 0, text)
                    : new ResponseOutputAudioTranscriptDelta(null, responseId, messageId, messageIndex, 0, text));
        }
    }

    /** A {@code usageMetadata} snapshot: one turn's usage, added to what the next response.done reports. */
    void usage(JsonNode meta) {
        if (!meta.isObject()) {
            throw new ProtocolException("Gemini usageMetadata is not an object", meta.toString(), null);
        }
        Usage turn = UsageCodec.geminiUsage(meta);
        usage = usage == null ? turn : usage.plus(turn);
    }

    void toolCall(JsonNode call) {
        JsonNode calls = call.get("functionCalls");
        if (calls == null || !calls.isArray()) {
            throw new ProtocolException("Gemini toolCall has no functionCalls array", call.toString(), null);
        }
        response();
        for (JsonNode c : calls) {
            String name = c.path("name").asText(null);
            if (name == null) {
                throw new ProtocolException("Gemini function call without a name", call.toString(), null);
            }
            String callId = c.hasNonNull("id") ? c.get("id").asText() : GeminiDialect.newId("call_");
            String arguments = c.has("args") ? c.get("args").toString() : "{}";
            connection.called(callId, name);
            String itemId = GeminiDialect.newId("item_");
            int index = nextOutputIndex++;
            ObjectNode item = Json.MAPPER.createObjectNode().put("id", itemId).put("type", "function_call")
                    .put("status", "in_progress").put("call_id", callId).put("name", name).put("arguments", "");
            out.add(GaEvents.outputItem("response.output_item.added", responseId, index, item.deepCopy()));
            out.add(GaEvents.argumentsDone(responseId, itemId, index, callId, name, arguments));
            item.put("status", "completed").put("arguments", arguments);
            out.add(GaEvents.outputItem("response.output_item.done", responseId, index, item.deepCopy()));
            out.add(GaEvents.read(GaEvents.itemEvent("conversation.item.done", item.deepCopy(), null)));
            output.add(item);
        }
        finish();
        afterToolCall = true;
    }

    private void heard(String text) {
        userTurn();
        if (userItemId == null || text.isEmpty()) {
            return;
        }
        heard.append(text);
        out.add(GaEvents.transcriptionDelta(userItemId, text));
    }

    /**
     * The user's audio became a turn: the item the client committed, or (server activity
     * detection) one made up now, with speech started and stopped around it.
     */
    private void userTurn() {
        if (userItemId != null) {
            return;
        }
        String committed = connection.takeCommitted();
        if (committed != null) {
            userItemId = committed;
            return;
        }
        if (!connection.input().takeAudioTurn()) {
            return;
        }
        userItemId = GeminiDialect.newId("item_");
        if (!speechShown) {
            out.add(GaEvents.speechStarted(connection.input().turnStartMs(), userItemId));
        }
        speechShown = false;
        out.add(GaEvents.speechStopped(connection.input().ms(), userItemId));
        out.add(GaEvents.committed(userItemId, null));
        out.addAll(GaEvents.itemAddedAndDone(GaEvents.userAudioItem(userItemId, null), null));
    }

    /** Opens a response unless one is running. */
    private void response() {
        if (responseId != null) {
            return;
        }
        userTurn();
        responseId = GeminiDialect.newId("resp_");
        metadata = connection.nextRequest();
        output = Json.MAPPER.createArrayNode();
        nextOutputIndex = 0;
        afterToolCall = false;
        out.add(GaEvents.responseCreated(GaEvents.response(responseId, "in_progress", null, null, null, metadata)));
    }

    /** Opens the response's assistant message (a text or an audio part) unless it is open. */
    private void message(boolean text) {
        response();
        if (messageId != null) {
            return;
        }
        messageId = GeminiDialect.newId("item_");
        messageIndex = nextOutputIndex++;
        textPart = text;
        said.setLength(0);
        ObjectNode item = Json.MAPPER.createObjectNode().put("id", messageId).put("type", "message")
                .put("status", "in_progress").put("role", "assistant");
        item.putArray("content");
        out.add(GaEvents.outputItem("response.output_item.added", responseId, messageIndex, item.deepCopy()));
        out.add(GaEvents.read(GaEvents.itemEvent("conversation.item.added", item, null)));
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", text ? "text" : "audio");
        part.put(text ? "text" : "transcript", "");
        out.add(GaEvents.contentPart("response.content_part.added", responseId, messageId, messageIndex, part));
    }

    private void interrupted() {
        if (responseId == null) {
            return;
        }
        interrupted = true;
        if (!speechShown) {
            speechShown = true;
            out.add(GaEvents.speechStarted(connection.input().ms(), null));
        }
    }

    private void turnComplete() {
        if (userItemId != null && heard.length() > 0) {
            out.add(GaEvents.transcriptionCompleted(userItemId, heard.toString()));
        }
        userItemId = null;
        heard.setLength(0);
        if (dropping) {
            dropping = false;   // its usage, if any, is billed with the next response
            return;
        }
        if (responseId == null && !afterToolCall && connection.hasRequest()) {
            response();   // the turn said nothing: the request still gets its (empty) response
        }
        afterToolCall = false;
        if (responseId != null) {
            finish();
        }
    }

    /** Ends the running response: its message, then response.done with the usage gathered so far. */
    private void finish() {
        boolean cancelled = interrupted || connection.cancelRequested(responseId);
        String status = cancelled ? "cancelled" : "completed";
        if (messageId != null) {
            String text = said.toString();
            if (textPart) {
                out.add(GaEvents.read(GaEvents.partEvent("response.output_text.done", responseId, messageId, messageIndex)
                        .put("text", text)));
            } else {
                out.add(GaEvents.read(GaEvents.partEvent("response.output_audio.done", responseId, messageId, messageIndex)));
                out.add(GaEvents.read(GaEvents.partEvent("response.output_audio_transcript.done", responseId, messageId,
                        messageIndex).put("transcript", text)));
            }
            ObjectNode part = Json.MAPPER.createObjectNode().put("type", textPart ? "text" : "audio")
                    .put(textPart ? "text" : "transcript", text);
            out.add(GaEvents.contentPart("response.content_part.done", responseId, messageId, messageIndex, part));
            ObjectNode item = Json.MAPPER.createObjectNode().put("id", messageId).put("type", "message")
                    .put("status", cancelled ? "incomplete" : "completed").put("role", "assistant");
            item.putArray("content").addObject().put("type", textPart ? "output_text" : "output_audio")
                    .put(textPart ? "text" : "transcript", text);
            out.add(GaEvents.outputItem("response.output_item.done", responseId, messageIndex, item.deepCopy()));
            out.add(GaEvents.read(GaEvents.itemEvent("conversation.item.done", item.deepCopy(), null)));
            output.insert(0, item);
        }
        String reason = interrupted ? "turn_detected" : cancelled ? "client_cancelled" : null;
        out.add(GaEvents.responseDone(GaEvents.response(responseId, status, reason, output,
                usage == null ? null : UsageCodec.toJson(usage), metadata)));
        usage = null;
        responseId = null;
        metadata = null;
        output = null;
        messageId = null;
        interrupted = false;
        said.setLength(0);
        connection.responseEnded();
    }
}
