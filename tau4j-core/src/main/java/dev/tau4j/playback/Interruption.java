package dev.tau4j.playback;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ServerErrorException;
import dev.tau4j.TauTimeoutException;

import java.util.Objects;

/**
 * One assistant audio item cut short by a barge-in, as reported by {@link Playback}: how much of
 * it the user heard, and whether the server's copy was truncated to match.
 *
 * <p>{@code heardMs} comes from the sink's playback clock, never from wall-clock time, and is
 * never more than {@code receivedMs}: a truncation at {@code heardMs} cannot ask the server to
 * keep audio it never sent (which the server rejects with "Audio content of N ms is already
 * shorter than M ms").
 *
 * @param itemId            the assistant item
 * @param responseId        the response that produced it
 * @param contentIndex      the audio content part of the item (0 in practice)
 * @param heardMs           milliseconds of the item's audio the user heard (floor); the
 *                          {@code audio_end_ms} sent in {@code conversation.item.truncate}
 * @param receivedMs        milliseconds of the item's audio received when playback was cut (floor)
 * @param transcript        the item's transcript as received until playback was cut
 * @param heardTranscript   an estimate of the part the user heard: {@code transcript} cut in
 *                          proportion {@code heardMs / receivedMs}, back to the last word boundary
 *                          (or code point when the text has no spaces). An approximation: the
 *                          transcript and the audio do not advance in lockstep, and the server trims
 *                          its own copy by its own rule
 * @param truncated         whether the server confirmed the truncation; false for out-of-band items
 *                          (they are not in the conversation, so there is nothing to truncate) and
 *                          when {@code error} is set
 * @param error             why the truncation failed (e.g. {@link ServerErrorException} when the
 *                          item is gone, {@link ConnectionClosedException}, {@link TauTimeoutException},
 *                          {@link IllegalStateException} on a closed session or playback), or null
 */
public record Interruption(
        String itemId,
        String responseId,
        int contentIndex,
        long heardMs,
        long receivedMs,
        String transcript,
        String heardTranscript,
        boolean truncated,
        RuntimeException error) {

    public Interruption {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(heardTranscript, "heardTranscript");
        if (contentIndex < 0) {
            throw new IllegalArgumentException("contentIndex must not be negative, got " + contentIndex);
        }
        if (heardMs < 0 || heardMs > receivedMs) {
            throw new IllegalArgumentException("heardMs must be within [0, receivedMs=" + receivedMs + "], got " + heardMs);
        }
        if (truncated && error != null) {
            throw new IllegalArgumentException("a failed truncation is not truncated");
        }
    }

    /**
     * Cuts {@code transcript} to the share {@code heardMs / receivedMs} of its characters, then back
     * to the end of the last whole word (or to a code point boundary if the kept part has no
     * whitespace), without trailing whitespace.
     */
    static String trim(String transcript, long heardMs, long receivedMs) {
        if (heardMs <= 0 || receivedMs <= 0 || transcript.isEmpty()) {
            return "";
        }
        if (heardMs >= receivedMs) {
            return transcript;
        }
        int cut = (int) (transcript.length() * heardMs / receivedMs);
        boolean insideWord = cut > 0 && cut < transcript.length() && !Character.isWhitespace(transcript.charAt(cut))
                && !Character.isWhitespace(transcript.charAt(cut - 1));
        if (insideWord) {
            int wordStart = cut;
            while (wordStart > 0 && !Character.isWhitespace(transcript.charAt(wordStart - 1))) {
                wordStart--;
            }
            if (wordStart > 0) {
                cut = wordStart;
            } else if (Character.isLowSurrogate(transcript.charAt(cut))) {
                cut--;
            }
        }
        return transcript.substring(0, cut).stripTrailing();
    }
}
