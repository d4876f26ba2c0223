package dev.tau4j.internal.codec;

import static dev.tau4j.internal.codec.Json.base64;
import static dev.tau4j.internal.codec.Json.boolValue;
import static dev.tau4j.internal.codec.Json.doubleValue;
import static dev.tau4j.internal.codec.Json.intValue;
import static dev.tau4j.internal.codec.Json.longValue;
import static dev.tau4j.internal.codec.Json.rawJson;
import static dev.tau4j.internal.codec.Json.strings;
import static dev.tau4j.internal.codec.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.event.*;

/** Maps a parsed server frame to its event record; legacy beta names decode as their GA records. */
final class ServerEventTypes {

    private ServerEventTypes() {
    }

    /** Builds the record for {@code type}, or null when the type is not known. */
    static ServerEvent decode(String type, String eventId, JsonNode n) {
        return switch (type) {
            case "error" -> new ServerError(eventId, ErrorCodec.error(n.get("error")));
            case "session.created" -> new SessionCreated(eventId, SessionCodec.session(n.get("session")));
            case "session.updated", "transcription_session.updated" -> new SessionUpdated(eventId, SessionCodec.session(n.get("session")));
            case "conversation.created" -> new ConversationCreated(eventId, rawJson(n.get("conversation")));
            case "conversation.item.added" -> new ConversationItemAdded(eventId, text(n, "previous_item_id"), ItemCodec.item(n.get("item")));
            case "conversation.item.done" -> new ConversationItemDone(eventId, text(n, "previous_item_id"), ItemCodec.item(n.get("item")));
            case "conversation.item.created" -> new ConversationItemCreated(eventId, text(n, "previous_item_id"), ItemCodec.item(n.get("item")));
            case "conversation.item.retrieved" -> new ConversationItemRetrieved(eventId, ItemCodec.item(n.get("item")));
            case "conversation.item.deleted" -> new ConversationItemDeleted(eventId, text(n, "item_id"));
            case "conversation.item.truncated" -> new ConversationItemTruncated(eventId, text(n, "item_id"), intValue(n, "content_index"), longValue(n, "audio_end_ms"));
            case "conversation.item.input_audio_transcription.delta" -> new InputAudioTranscriptionDelta(eventId, text(n, "item_id"), intValue(n, "content_index"), text(n, "delta"));
            case "conversation.item.input_audio_transcription.completed" -> new InputAudioTranscriptionCompleted(eventId, text(n, "item_id"), intValue(n, "content_index"), text(n, "transcript"), UsageCodec.transcriptionUsage(n.get("usage")));
            case "conversation.item.input_audio_transcription.segment" -> new InputAudioTranscriptionSegment(eventId, text(n, "item_id"), intValue(n, "content_index"), text(n, "id"), text(n, "text"), text(n, "speaker"), doubleValue(n, "start"), doubleValue(n, "end"));
            case "conversation.item.input_audio_transcription.failed" -> new InputAudioTranscriptionFailed(eventId, text(n, "item_id"), intValue(n, "content_index"), ErrorCodec.error(n.get("error")));
            case "input_audio_buffer.committed" -> new InputAudioBufferCommitted(eventId, text(n, "previous_item_id"), text(n, "item_id"));
            case "input_audio_buffer.cleared" -> new InputAudioBufferCleared(eventId);
            case "input_audio_buffer.speech_started" -> new InputAudioBufferSpeechStarted(eventId, longValue(n, "audio_start_ms"), text(n, "item_id"));
            case "input_audio_buffer.speech_stopped" -> new InputAudioBufferSpeechStopped(eventId, longValue(n, "audio_end_ms"), text(n, "item_id"));
            case "input_audio_buffer.timeout_triggered" -> new InputAudioBufferTimeoutTriggered(eventId, longValue(n, "audio_start_ms"), longValue(n, "audio_end_ms"), text(n, "item_id"));
            case "input_audio_buffer.dtmf_event_received" -> new InputAudioBufferDtmfEventReceived(eventId, text(n, "event"), longValue(n, "received_at"));
            case "output_audio_buffer.started" -> new OutputAudioBufferStarted(eventId, text(n, "response_id"));
            case "output_audio_buffer.stopped" -> new OutputAudioBufferStopped(eventId, text(n, "response_id"));
            case "output_audio_buffer.cleared" -> new OutputAudioBufferCleared(eventId, text(n, "response_id"));
            case "rate_limits.updated" -> new RateLimitsUpdated(eventId, rateLimits(n.get("rate_limits")));
            case "response.created" -> new ResponseCreated(eventId, ResponseCodec.response(n.get("response")));
            case "response.done" -> new ResponseDone(eventId, ResponseCodec.response(n.get("response")));
            case "response.output_item.added" -> new ResponseOutputItemAdded(eventId, text(n, "response_id"), intValue(n, "output_index"), ItemCodec.item(n.get("item")));
            case "response.output_item.done" -> new ResponseOutputItemDone(eventId, text(n, "response_id"), intValue(n, "output_index"), ItemCodec.item(n.get("item")));
            case "response.content_part.added" -> new ResponseContentPartAdded(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), ItemCodec.part(n.get("part")));
            case "response.content_part.done" -> new ResponseContentPartDone(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), ItemCodec.part(n.get("part")));
            case "response.output_text.delta", "response.text.delta" -> new ResponseOutputTextDelta(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), delta(n));
            case "response.output_text.done", "response.text.done" -> new ResponseOutputTextDone(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), text(n, "text"));
            case "response.output_audio.delta", "response.audio.delta" -> new ResponseOutputAudioDelta(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), audioDelta(n));
            case "response.output_audio.done", "response.audio.done" -> new ResponseOutputAudioDone(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"));
            case "response.output_audio_transcript.delta", "response.audio_transcript.delta" -> new ResponseOutputAudioTranscriptDelta(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), delta(n));
            case "response.output_audio_transcript.done", "response.audio_transcript.done" -> new ResponseOutputAudioTranscriptDone(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), intValue(n, "content_index"), text(n, "transcript"));
            case "response.function_call_arguments.delta" -> new ResponseFunctionCallArgumentsDelta(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), text(n, "call_id"), text(n, "delta"));
            case "response.function_call_arguments.done" -> new ResponseFunctionCallArgumentsDone(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), text(n, "call_id"), text(n, "name"), text(n, "arguments"));
            case "response.mcp_call_arguments.delta" -> new ResponseMcpCallArgumentsDelta(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), text(n, "delta"));
            case "response.mcp_call_arguments.done" -> new ResponseMcpCallArgumentsDone(eventId, text(n, "response_id"), text(n, "item_id"), intValue(n, "output_index"), text(n, "arguments"));
            case "response.mcp_call.in_progress" -> new ResponseMcpCallInProgress(eventId, text(n, "response_id"), intValue(n, "output_index"), text(n, "item_id"));
            case "response.mcp_call.completed" -> new ResponseMcpCallCompleted(eventId, text(n, "response_id"), intValue(n, "output_index"), text(n, "item_id"));
            case "response.mcp_call.failed" -> new ResponseMcpCallFailed(eventId, text(n, "response_id"), intValue(n, "output_index"), text(n, "item_id"));
            case "mcp_list_tools.in_progress" -> new McpListToolsInProgress(eventId, text(n, "item_id"));
            case "mcp_list_tools.completed" -> new McpListToolsCompleted(eventId, text(n, "item_id"));
            case "mcp_list_tools.failed" -> new McpListToolsFailed(eventId, text(n, "item_id"));
            default -> null;
        };
    }

    /** A delta event's {@code delta}: required, a string. */
    private static String delta(JsonNode n) {
        JsonNode v = n.get("delta");
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(v == null ? "no 'delta'" : "'delta' must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    private static byte[] audioDelta(JsonNode n) {
        delta(n);
        return base64(n, "delta");
    }

    private static java.util.List<RateLimit> rateLimits(JsonNode array) {
        if (array == null || !array.isArray()) {
            return java.util.List.of();
        }
        var out = new java.util.ArrayList<RateLimit>(array.size());
        for (JsonNode r : array) {
            out.add(new RateLimit(text(r, "name"), longValue(r, "limit"), longValue(r, "remaining"), doubleValue(r, "reset_seconds")));
        }
        return out;
    }
}
