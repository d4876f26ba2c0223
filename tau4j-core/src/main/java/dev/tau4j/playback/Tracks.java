package dev.tau4j.playback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Playback's bookkeeping of the items it plays: one {@link PlaybackTrack} per item with output
 * audio, which responses write to the conversation, and which were interrupted. Guarded by
 * Playback's lock: every method is called with it held.
 */
final class Tracks {

    private final boolean playOutOfBand;
    /** Items with output audio (or its transcript) not yet forgotten, in arrival order. */
    private final Map<String, PlaybackTrack> byItem = new LinkedHashMap<>();
    /** Whether each response seen created (and not yet done) writes to the conversation. */
    private final Map<String, Boolean> inConversation = new HashMap<>();
    /** Responses with an interrupted item, until their response.done: their audio is dropped. */
    private final Set<String> interruptedResponses = new HashSet<>();

    Tracks(boolean playOutOfBand) {
        this.playOutOfBand = playOutOfBand;
    }

    void responseCreated(String responseId, boolean writesToConversation) {
        inConversation.put(responseId, writesToConversation);
    }

    /** The tracks of {@code responseId}'s items; the response is forgotten. */
    List<PlaybackTrack> responseDone(String responseId) {
        List<PlaybackTrack> of = new ArrayList<>();
        for (PlaybackTrack t : byItem.values()) {
            if (responseId.equals(t.responseId)) {
                of.add(t);
            }
        }
        inConversation.remove(responseId);
        interruptedResponses.remove(responseId);
        return of;
    }

    /** The track of {@code itemId}, or null. */
    PlaybackTrack get(String itemId) {
        return itemId == null ? null : byItem.get(itemId);
    }

    /** The track of an item we play, created on first sight; null if its response is not played. */
    PlaybackTrack track(String responseId, String itemId, int contentIndex) {
        if (itemId == null) {
            return null;
        }
        PlaybackTrack t = byItem.get(itemId);
        if (t != null) {
            return t;
        }
        boolean conversation = inConversation.getOrDefault(responseId, true);
        if ((!conversation && !playOutOfBand) || interruptedResponses.contains(responseId)) {
            return null;
        }
        t = new PlaybackTrack(itemId, responseId, contentIndex, conversation);
        byItem.put(itemId, t);
        return t;
    }

    /** The tracks still playing, queued or arriving when the sink clock is at {@code playedFrames}. */
    List<PlaybackTrack> playing(long playedFrames) {
        List<PlaybackTrack> playing = new ArrayList<>();
        for (PlaybackTrack t : byItem.values()) {
            if (!t.interrupted && (!t.audioDone || t.playedFrames(playedFrames) < t.queuedFrames)) {
                playing.add(t);
            }
        }
        return playing;
    }

    /** Marks {@code t} interrupted: the rest of its response is not played. */
    void interrupted(PlaybackTrack t) {
        t.interrupted = true;
        interruptedResponses.add(t.responseId);
    }

    /** The tracks whose truncation waits for their item's end. */
    List<PlaybackTrack> awaitingEnd() {
        return byItem.values().stream().filter(t -> t.awaitingEnd).toList();
    }

    /** Forgets tracks the server finished that have played out or were interrupted and handled. */
    void forgetPlayed(long playedFrames) {
        byItem.values().removeIf(t -> t.ended && !t.awaitingEnd
                && (t.interrupted || t.playedFrames(playedFrames) >= t.queuedFrames));
    }

    void clear() {
        byItem.clear();
    }
}
