package dev.tau4j.playback;

import java.util.Arrays;

/**
 * What {@link Playback} knows of one assistant item's audio: how much arrived, where its first
 * frame landed on the sink's clock, and whether it was interrupted. Not thread-safe: every field
 * is guarded by the owning Playback's lock.
 */
final class PlaybackTrack {

    final String itemId;
    final String responseId;
    final int contentIndex;
    final boolean inConversation;
    final StringBuilder transcript = new StringBuilder();
    /** Frames of audio received for the item (until interrupted). */
    long receivedFrames;
    /** Frames accepted for playback: receivedFrames, or less once the queue overflowed. */
    long queuedFrames;
    /** Frames handed to the sink; at most queuedFrames. */
    long writtenFrames;
    /** Sink clock position of the item's first frame; -1 until one was handed to the sink. */
    long startFrame = -1;
    /** A partial frame waiting for the rest of its bytes, or null. */
    byte[] partial;
    boolean overflowed;
    /** No more audio will come. */
    boolean audioDone;
    /** The server finished the item (output_item.done or response.done). */
    boolean ended;
    boolean interrupted;
    /** Interrupted, and waiting for the item's end to truncate it. */
    boolean awaitingEnd;
    /** Frames heard when interrupted: at most receivedAtCut. */
    long heardFrames;
    /** receivedFrames when interrupted. */
    long receivedAtCut;

    PlaybackTrack(String itemId, String responseId, int contentIndex, boolean inConversation) {
        this.itemId = itemId;
        this.responseId = responseId;
        this.contentIndex = contentIndex;
        this.inConversation = inConversation;
    }

    /** Frames of this item played by sink clock position {@code clock}. */
    long playedFrames(long clock) {
        return startFrame < 0 ? 0 : Math.clamp(clock - startFrame, 0, writtenFrames);
    }

    /** {@code audio} with the partial frame left over before prepended, cut to whole frames. */
    byte[] wholeFrames(byte[] audio, int frameBytes) {
        byte[] all = audio;
        if (partial != null) {
            all = new byte[partial.length + audio.length];
            System.arraycopy(partial, 0, all, 0, partial.length);
            System.arraycopy(audio, 0, all, partial.length, audio.length);
            partial = null;
        }
        int rest = all.length % frameBytes;
        if (rest == 0) {
            return all;
        }
        partial = Arrays.copyOfRange(all, all.length - rest, all.length);
        return Arrays.copyOf(all, all.length - rest);
    }

    /** The report of this interrupted item. */
    Interruption interruption(int sampleRate, boolean truncated, RuntimeException error) {
        String text = transcript.toString();
        long heardMs = millis(heardFrames, sampleRate);
        long receivedMs = millis(receivedAtCut, sampleRate);
        return new Interruption(itemId, responseId, contentIndex, heardMs, receivedMs, text,
                Interruption.trim(text, heardMs, receivedMs), truncated, error);
    }

    /** Whole milliseconds (rounded down) that {@code frames} play at {@code sampleRate}. */
    static long millis(long frames, int sampleRate) {
        return frames * 1000 / sampleRate;
    }
}
