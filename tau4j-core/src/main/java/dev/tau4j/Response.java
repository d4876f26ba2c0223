package dev.tau4j;

import dev.tau4j.internal.ApiBridge;
import dev.tau4j.internal.Threads;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Wav;
import dev.tau4j.cost.CostEstimate;
import dev.tau4j.cost.TurnContext;
import dev.tau4j.event.ErrorDetail;
import dev.tau4j.event.Item;
import dev.tau4j.event.StatusDetails;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.Redaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A finished response: what the model said (transcript and audio), the functions it called, its
 * usage and timings. Built only from the events of this response's id, so concurrent
 * out-of-band responses never mix. Immutable and thread-safe.
 */
public final class Response {

    /**
     * When the first audio and text arrived and when the response ended, measured from the
     * request (or, for responses the server started, from {@code response.created}).
     *
     * @param firstAudio  until the first audio delta, or null if none
     * @param firstText   until the first text or transcript delta, or null if none
     * @param total       until {@code response.done}
     */
    public record Timings(Duration firstAudio, Duration firstText, Duration total) {
    }

    private final String id;
    private final ResponseStatus status;
    private final StatusDetails statusDetails;
    private final String transcript;
    private final List<byte[]> audioChunks;
    private final int audioBytes;
    /** All output audio that arrived, kept or not; at least {@code audioBytes}. */
    private final long audioBytesReceived;
    private final AudioFormat audioFormat;
    private final List<FunctionCall> functionCalls;
    private final List<Item> output;
    private final Usage usage;
    private final Timings timings;
    private final String model;
    private final ResponseOrigin origin;
    private final String conversationId;
    private final Map<String, String> metadata;
    private final Instant firstAudioAt;
    private final CostEstimate costEstimate;
    private final TurnContext context;

    static {
        ApiBridge.responses(p -> new Response(p.id(), p.status(), p.statusDetails(), p.transcript(), p.audioChunks(),
                p.audioFormat(), p.functionCalls(), p.output(), p.usage(), p.timings(), p.model(), p.origin(),
                p.conversationId(), p.metadata(), p.firstAudioAt(), p.costEstimate(), p.context(), p.audioBytesReceived()));
    }

    Response(String id, ResponseStatus status, StatusDetails statusDetails, String transcript, List<byte[]> audioChunks,
            AudioFormat audioFormat, List<FunctionCall> functionCalls, List<Item> output, Usage usage, Timings timings,
            String model, ResponseOrigin origin, String conversationId, Map<String, String> metadata,
            Instant firstAudioAt, CostEstimate costEstimate, TurnContext context, long audioBytesReceived) {
        this.id = Objects.requireNonNull(id, "id");
        this.status = Objects.requireNonNull(status, "status");
        this.statusDetails = statusDetails;
        this.transcript = transcript == null ? "" : transcript;
        this.audioChunks = List.copyOf(audioChunks);
        this.audioBytes = audioChunks.stream().mapToInt(c -> c.length).sum();
        this.audioBytesReceived = Math.max(audioBytes, audioBytesReceived);
        this.audioFormat = Objects.requireNonNull(audioFormat, "audioFormat");
        this.functionCalls = List.copyOf(functionCalls);
        this.output = List.copyOf(output);
        this.usage = usage;
        this.timings = timings;
        this.model = model;
        this.origin = origin;
        this.conversationId = conversationId;
        this.metadata = Map.copyOf(metadata);
        this.firstAudioAt = firstAudioAt;
        this.costEstimate = Objects.requireNonNull(costEstimate, "costEstimate");
        this.context = context;
    }

    /** The response id ({@code resp_…}). */
    public String id() {
        return id;
    }

    /** How it ended. Never {@code COMPLETED} for a cancelled, failed or incomplete response. */
    public ResponseStatus status() {
        return status;
    }

    /** The server's status details (type, reason, error), or null when it completed normally. */
    public StatusDetails statusDetails() {
        return statusDetails;
    }

    /** Why it was cancelled or is incomplete ({@code turn_detected}, {@code client_cancelled}, ...), or null. */
    public String statusReason() {
        return statusDetails == null ? null : statusDetails.reason();
    }

    /** The error of a failed response, or null. */
    public ErrorDetail error() {
        return statusDetails == null ? null : statusDetails.error();
    }

    /** True when it completed normally. */
    public boolean isCompleted() {
        return status == ResponseStatus.COMPLETED;
    }

    /** The text the model produced: the output text, or the transcript of its audio. Empty if none. */
    public String transcript() {
        return transcript;
    }

    /**
     * The output audio this response kept, concatenated (a new array each call). By default that is
     * all of it. It is empty when the response was requested with
     * {@link ResponseOptions#retainAudio() retainAudio(false)} (the audio went only to the handle's
     * listener and {@link ResponseHandle#events()}), and it holds only the first chunks, at most
     * {@link ResponseOptions#maxRetainedAudioBytes()}, when the response's audio passed that cap;
     * {@link #audioTruncated()} tells both cases. Responses the server starts keep their audio up
     * to {@link ResponseOptions#DEFAULT_MAX_RETAINED_AUDIO_BYTES}. Empty if there was no audio.
     */
    public byte[] audio() {
        byte[] out = new byte[audioBytes];
        int pos = 0;
        for (byte[] c : audioChunks) {
            System.arraycopy(c, 0, out, pos, c.length);
            pos += c.length;
        }
        return out;
    }

    /** The output audio as the base64 deltas it arrived in (what the seed library exposed). */
    public List<String> audioDeltasBase64() {
        List<String> out = new ArrayList<>(audioChunks.size());
        Base64.Encoder enc = Base64.getEncoder();
        audioChunks.forEach(c -> out.add(enc.encodeToString(c)));
        return out;
    }

    /** The format of {@link #audio()}: the session's output format. */
    public AudioFormat audioFormat() {
        return audioFormat;
    }

    /**
     * True when {@link #audio()} holds less than the audio that arrived: retention was off, or the
     * audio passed the response's {@link ResponseOptions#maxRetainedAudioBytes() cap}.
     */
    public boolean audioTruncated() {
        return audioBytesReceived > audioBytes;
    }

    /** How long all the output audio that arrived plays (kept by {@link #audio()} or not). */
    public Duration audioDuration() {
        return audioFormat.durationOf(audioBytesReceived);
    }

    /** Every function call of this response, in output order (not only the last). */
    public List<FunctionCall> functionCalls() {
        return functionCalls;
    }

    /** The output items as reported by {@code response.done}. */
    public List<Item> output() {
        return output;
    }

    /** Token usage from {@code response.done}; {@link Usage#ZERO} if the server sent none. */
    public Usage usage() {
        return usage == null ? Usage.ZERO : usage;
    }

    /** Timings of this response. */
    public Timings timings() {
        return timings;
    }

    /** The model of the session that produced it. */
    public String model() {
        return model;
    }

    /** Who started it. */
    public ResponseOrigin origin() {
        return origin;
    }

    /** The conversation written to, or null for out-of-band responses. */
    public String conversationId() {
        return conversationId;
    }

    /**
     * The estimated cost of this response's usage at the session's prices ("cost unknown", with a
     * reason, for a model the price table does not know). An estimate: the invoice decides.
     */
    public CostEstimate costEstimate() {
        return costEstimate;
    }

    /**
     * How much of this turn's input re-billed the retained conversation, or null for responses
     * that do not read the conversation (out-of-band).
     */
    public TurnContext context() {
        return context;
    }

    /**
     * Saves the output audio as a WAV file in {@link #audioFormat()} (the seed's
     * {@code save_deltas_as_wav}).
     *
     * @throws IOException if the file cannot be written
     */
    public void saveAudioAsWav(Path file) throws IOException {
        Wav.write(file, audioFormat, audio());
    }

    /**
     * When the audio would finish playing had playback started at the first audio delta; null
     * if the response has no audio.
     */
    public Instant audioFinishedAt() {
        return firstAudioAt == null ? null : firstAudioAt.plus(audioDuration());
    }

    /**
     * Completes when the audio would have finished playing had playback started at the first
     * audio delta (the seed's {@code audio_finished}); at once if that moment has passed or there
     * is no audio. For real playback, use the speaker's clock instead.
     */
    public CompletableFuture<Void> audioFinished() {
        Instant end = audioFinishedAt();
        long waitNanos = end == null ? 0 : Duration.between(Instant.now(), end).toNanos();
        if (waitNanos <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Rounded up (plus a millisecond for the scheduler's clock), so it never completes early.
        long waitMillis = (waitNanos + 999_999) / 1_000_000 + 1;
        CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS, Threads.VIRTUAL)
                .execute(() -> done.complete(null));
        return done;
    }

    /** The metadata given in the request (the library's own key removed). */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return Redaction.redact("Response[id=" + id + ", status=" + status + (statusReason() == null ? "" : "/" + statusReason())
                + ", origin=" + origin + ", transcript=" + abbreviate(Redaction.redact(transcript)) + ", audio="
                + audioDuration().toMillis() + "ms, functionCalls=" + functionCalls.size() + ", usage=" + usage()
                + (costEstimate.isKnown() ? ", estimatedUsd=" + costEstimate.totalUsd().toPlainString() : "") + "]");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? '"' + s + '"' : '"' + s.substring(0, 57) + "...\"";
    }
}
