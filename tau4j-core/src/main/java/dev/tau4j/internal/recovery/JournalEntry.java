package dev.tau4j.internal.recovery;

import dev.tau4j.event.ContentPart;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.OtherItem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One conversation item of a {@link ConversationJournal}, and the form in which it is created
 * again on a new connection: user audio with its bytes (or its transcript once the audio is
 * dropped), assistant output as its transcript (cut where it was truncated), function calls and
 * their outputs as they were. Guarded by the journal's lock.
 */
final class JournalEntry {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    Item item;
    /** Confirmed by {@code conversation.item.done} (or a completed {@code .added}/{@code .created}). */
    boolean done;
    /** User audio kept for this item (null when none or dropped). */
    HeldAudio audio;
    /** When {@code audio} was kept, in the clock's milliseconds. */
    long audioAtMillis;
    /** A transcript of user audio, used when the audio is not kept. */
    String transcript;
    /** Assistant output audio seen for this item, in bytes, to place a truncation. */
    long outputAudioBytes;
    /** Truncated at this many ms of output audio, or -1. */
    long truncatedAtMs = -1;

    /** The user audio a message carries inline, decoded; null when it has none. */
    static byte[] audioOf(MessageItem m) {
        for (ContentPart p : m.content()) {
            if ("input_audio".equals(p.type()) && p.audio() != null) {
                return Base64.getDecoder().decode(p.audio());
            }
        }
        return null;
    }

    /**
     * The item to create again, or null when its type cannot be replayed. A truncation becomes
     * part of the kept text, so that a later replay does not cut again.
     */
    Item replayable(int outputBytesPerMs) {
        Item replay = replayForm(outputBytesPerMs);
        if (replay != null && truncatedAtMs >= 0) {
            item = replay;
            truncatedAtMs = -1;
            outputAudioBytes = 0;
        }
        return replay;
    }

    private Item replayForm(int outputBytesPerMs) {
        return switch (item) {
            case MessageItem m when "assistant".equals(m.role()) -> {
                String text = m.text();
                if (truncatedAtMs >= 0 && outputAudioBytes > 0) {
                    long totalMs = outputAudioBytes / outputBytesPerMs;
                    int keep = totalMs == 0 ? 0 : (int) Math.round(text.length() * (double) truncatedAtMs / totalMs);
                    text = text.substring(0, Math.max(0, Math.min(text.length(), keep)));
                }
                yield new MessageItem(m.id(), "assistant", null, List.of(ContentPart.outputText(text)));
            }
            case MessageItem m -> {
                List<ContentPart> parts = new ArrayList<>(m.content().size());
                for (ContentPart p : m.content()) {
                    if ("input_audio".equals(p.type())) {
                        parts.add(audio != null ? ContentPart.inputAudio(audio.base64())
                                : ContentPart.inputText(transcript != null ? transcript
                                        : "(the user spoke here; the audio was not kept)"));
                    } else {
                        parts.add(p);
                    }
                }
                yield new MessageItem(m.id(), m.role(), null, parts);
            }
            case FunctionCallItem f -> new FunctionCallItem(f.id(), null, f.callId(), f.name(), f.arguments());
            case FunctionCallOutputItem o -> new FunctionCallOutputItem(o.id(), null, o.callId(), o.output());
            case OtherItem o -> {
                LOG.log(System.Logger.Level.DEBUG, "τ journal: item {0} of type {1} cannot be replayed", o.id(), o.type());
                yield null;
            }
        };
    }
}
