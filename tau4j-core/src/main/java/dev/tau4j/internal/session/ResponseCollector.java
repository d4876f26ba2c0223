package dev.tau4j.internal.session;

import dev.tau4j.internal.ApiBridge;

import dev.tau4j.FunctionCall;
import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.ResponseOrigin;
import dev.tau4j.ResponseStatus;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.TurnContext;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ResponseFunctionCallArgumentsDone;
import dev.tau4j.event.ResponseInfo;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputItemAdded;
import dev.tau4j.event.ResponseOutputTextDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the events of one response id into a {@link Response}. Confined to the session's
 * reader, so it needs no locking.
 */
final class ResponseCollector {

    private final String responseId;
    private final ResponseOrigin origin;
    private final DefaultResponseHandle handle;
    private final long startNanos;
    private final AudioFormat audioFormat;
    private final StringBuilder transcript = new StringBuilder();
    /** The output audio kept for the Response: at most {@code maxRetainedAudioBytes}, none when not retained. */
    private final List<byte[]> audio = new ArrayList<>();
    /** The most audio kept: 0 when the response's options turned retention off. */
    private final int maxRetainedAudioBytes;
    /** Bytes in {@code audio}. */
    private int retainedAudioBytes;
    /** All output audio that arrived, kept or not. */
    private long audioBytesReceived;
    private final List<String> itemIds = new ArrayList<>(2);
    /** Function calls by item id, in the order they were announced. */
    private final Map<String, FunctionCall> calls = new LinkedHashMap<>();
    private long firstAudioNanos = -1;
    private long firstTextNanos = -1;
    /** Wall-clock time of the first audio delta, for audio_finished; null until then. */
    private Instant firstAudioAt;

    ResponseCollector(String responseId, ResponseOrigin origin, DefaultResponseHandle handle, long startNanos,
            AudioFormat audioFormat) {
        this.responseId = responseId;
        this.origin = origin;
        this.handle = handle;
        this.startNanos = startNanos;
        this.audioFormat = audioFormat;
        ResponseOptions options = handle == null ? ResponseOptions.DEFAULTS : handle.options();
        this.maxRetainedAudioBytes = options.retainAudio() ? options.maxRetainedAudioBytes() : 0;
    }

    String responseId() {
        return responseId;
    }

    ResponseOrigin origin() {
        return origin;
    }

    DefaultResponseHandle handle() {
        return handle;
    }

    /** Ids of the items this response added so far. */
    List<String> itemIds() {
        return itemIds;
    }

    void accept(ResponseEvent event) {
        switch (event) {
            case ResponseOutputAudioDelta d -> {
                if (firstAudioNanos < 0) {
                    firstAudioNanos = System.nanoTime();
                    firstAudioAt = Instant.now();
                }
                keep(d.audio());
            }
            case ResponseOutputAudioTranscriptDelta d -> text(d.delta());
            case ResponseOutputTextDelta d -> text(d.delta());
            case ResponseOutputItemAdded a -> {
                if (a.item() != null && a.item().id() != null) {
                    itemIds.add(a.item().id());
                }
                if (a.item() instanceof FunctionCallItem f) {
                    calls.put(f.id(), new FunctionCall(f.id(), f.callId(), f.name() == null ? "" : f.name(), ""));
                }
            }
            case ResponseFunctionCallArgumentsDone d -> {
                FunctionCall known = calls.get(d.itemId());
                String name = d.name() != null ? d.name() : known != null ? known.name() : "";
                calls.put(d.itemId(), new FunctionCall(d.itemId(), d.callId(), name, d.arguments()));
            }
            default -> {
            }
        }
        if (handle != null) {
            handle.deliver(event);
        }
    }

    private void keep(byte[] chunk) {
        long before = audioBytesReceived;
        audioBytesReceived += chunk.length;
        if (retainedAudioBytes + (long) chunk.length <= maxRetainedAudioBytes && before == retainedAudioBytes) {
            audio.add(chunk);
            retainedAudioBytes += chunk.length;
        } else if (before == retainedAudioBytes && maxRetainedAudioBytes > 0) {
            SessionCore.LOG.log(System.Logger.Level.INFO, () -> "τ response " + responseId + ": its audio passed "
                    + maxRetainedAudioBytes + " bytes (ResponseOptions.maxRetainedAudioBytes); the rest is streamed"
                    + " to listeners but not kept in the Response");
        }
    }

    private void text(String delta) {
        if (delta == null) {
            return;
        }
        if (firstTextNanos < 0) {
            firstTextNanos = System.nanoTime();
        }
        transcript.append(delta);
    }

    Response finish(ResponseDone done, String model, CostEstimate estimate, TurnContext context) {
        ResponseInfo info = done.response();
        long now = System.nanoTime();
        List<FunctionCall> functionCalls = new ArrayList<>();
        StringBuilder fromOutput = new StringBuilder();
        for (Item item : info.output()) {
            if (item instanceof FunctionCallItem f) {
                FunctionCall seen = calls.remove(f.id());
                String args = f.arguments() != null && !f.arguments().isEmpty() ? f.arguments()
                        : seen != null ? seen.arguments() : "";
                String name = f.name() != null ? f.name() : seen != null ? seen.name() : "";
                functionCalls.add(new FunctionCall(f.id(), f.callId() != null ? f.callId() : seen == null ? null : seen.callId(),
                        name, args));
            } else if (item instanceof MessageItem m) {
                fromOutput.append(m.text());
            }
        }
        // Calls seen in events but missing from response.done's output (e.g. a cancelled response).
        calls.values().stream().filter(c -> !c.arguments().isEmpty()).forEach(functionCalls::add);
        String text = transcript.length() > 0 ? transcript.toString() : fromOutput.toString();
        Map<String, String> metadata = new LinkedHashMap<>(info.metadata());
        metadata.remove(ResponseOptions.REQUEST_KEY);
        Response.Timings timings = new Response.Timings(since(firstAudioNanos), since(firstTextNanos),
                Duration.ofNanos(now - startNanos));
        return ApiBridge.newResponse(new ApiBridge.ResponseParts(responseId, ResponseStatus.fromWire(info.status()), info.statusDetails(), text, audio,
                audioFormat, functionCalls, info.output(), info.usage(), timings, model, origin, info.conversationId(),
                metadata, firstAudioAt, estimate, context, audioBytesReceived));
    }

    private Duration since(long nanos) {
        return nanos < 0 ? null : Duration.ofNanos(nanos - startNanos);
    }
}
