package dev.tau4j.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.TauOptions;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.recovery.ReconnectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The journal's replay window for committed user audio is bounded by time and by size: an hour of
 * streaming (20 ms appends of PCM16 24 kHz, a turn committed every 5 s, on a fake clock) never
 * holds more than the window, and the replay keeps the newest turns' audio and gives the older
 * ones as their transcripts.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConversationJournalWindowTest {

    private static final int BYTES_PER_MS = 48;
    private static final int CHUNK = 20 * BYTES_PER_MS;
    private static final long TURN_MS = 5_000;

    /** A clock the test moves. */
    private static final class FakeClock implements InstantSource {
        long millis = 1_000_000;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void anHourOfStreamingKeepsAtMostTheDefaultTimeWindow() {
        ReconnectPolicy policy = ReconnectPolicy.DEFAULT;
        assertThat(policy.journalAudioAge()).isEqualTo(Duration.ofMinutes(2));
        long window = policy.journalAudioAge().toMillis() * BYTES_PER_MS;
        assertThat(window).as("the time bound is the smaller one here").isLessThan(policy.journalAudioBytes());
        List<Item> replay = streamAnHour(policy, window + TURN_MS * BYTES_PER_MS);
        long withAudio = replay.stream().filter(ConversationJournalWindowTest::hasAudio).count();
        assertThat(withAudio).as("turns replayed with their audio").isBetween(
                policy.journalAudioAge().toMillis() / TURN_MS - 1, policy.journalAudioAge().toMillis() / TURN_MS + 1);
        assertThat(replay).hasSize(720);
        assertThat(hasAudio(replay.getLast())).isTrue();
        MessageItem first = (MessageItem) replay.getFirst();
        assertThat(first.content().getFirst().type()).isEqualTo("input_text");
        assertThat(first.content().getFirst().text()).isEqualTo("turn 0");
    }

    @Test
    void aSmallerSizeBoundWinsOverTheTimeWindow() {
        long bytes = 1024 * 1024;
        ReconnectPolicy policy = ReconnectPolicy.builder().journalAudioBytes(bytes)
                .journalAudioAge(Duration.ofMinutes(30)).build();
        List<Item> replay = streamAnHour(policy, bytes);
        long withAudio = replay.stream().filter(ConversationJournalWindowTest::hasAudio).count();
        assertThat(withAudio).isEqualTo(bytes / (TURN_MS * BYTES_PER_MS));
    }

    @Test
    void committedAudioWhoseItemNeverComesCountsAgainstTheBoundAndGoesFirst() {
        long bytes = 1024 * 1024;
        ReconnectPolicy policy = ReconnectPolicy.builder().journalAudioBytes(bytes).build();
        ConversationJournal journal = new ConversationJournal("{\"type\":\"realtime\"}", policy.journalAudioBytes(),
                policy.journalAudioAge(), new FakeClock(), policy.journalItems(), TauOptions.DEFAULTS.sendQueueBytes(),
                BYTES_PER_MS, BYTES_PER_MS, id -> { });
        long turn = TURN_MS * BYTES_PER_MS;
        for (int i = 0; i < 100; i++) {
            journal.onAppend(new byte[(int) turn], false);
            journal.onCommitted("lost_" + i);   // the server never confirms these items
            assertThat(journal.audioBytes()).as("after %d lost commits", i + 1).isLessThanOrEqualTo(bytes);
        }
        assertThat(journal.audioBytes()).isGreaterThan(bytes - turn);
        // A confirmed item's audio is kept over lost commits' audio.
        journal.onAppend(new byte[(int) turn], false);
        journal.onCommitted("kept");
        journal.onItem(new MessageItem("kept", "user", "completed",
                List.of(new ContentPart("input_audio", null, "kept", null, null))), null, true);
        assertThat(journal.replayItems()).singleElement().matches(ConversationJournalWindowTest::hasAudio);
        assertThat(journal.audioBytes()).isLessThanOrEqualTo(bytes);
        journal.pendingForNewConnection();
        assertThat(journal.audioBytes()).as("a new connection forgets lost commits").isEqualTo(turn);
    }

    /** Streams an hour into a journal built like a session's, checking after each turn that it holds at most {@code bound} committed. */
    private static List<Item> streamAnHour(ReconnectPolicy policy, long bound) {
        FakeClock clock = new FakeClock();
        long pendingBound = TauOptions.DEFAULTS.sendQueueBytes();
        ConversationJournal journal = new ConversationJournal("{\"type\":\"realtime\"}", policy.journalAudioBytes(),
                policy.journalAudioAge(), clock, policy.journalItems(), pendingBound, BYTES_PER_MS, BYTES_PER_MS,
                id -> { });
        String previous = null;
        long maxHeld = 0;
        List<Long> held = new ArrayList<>();
        for (int turn = 0; turn < 3600_000 / TURN_MS; turn++) {
            for (long ms = 0; ms < TURN_MS; ms += 20) {
                journal.onAppend(new byte[CHUNK], false);
                clock.millis += 20;
            }
            String id = "item_" + turn;
            journal.onCommitted(id);
            journal.onItem(new MessageItem(id, "user", "completed",
                    List.of(new ContentPart("input_audio", null, "turn " + turn, null, null))), previous, true);
            previous = id;
            held.add(journal.audioBytes());
            maxHeld = Math.max(maxHeld, journal.audioBytes());
        }
        assertThat(maxHeld).as("user audio held at any turn of the hour").isLessThanOrEqualTo(bound + pendingBound);
        assertThat(held.getLast()).as("and it plateaus: the last turn holds what turn 60 did")
                .isLessThanOrEqualTo(held.get(Math.min(held.size() - 1, 60)) + TURN_MS * BYTES_PER_MS);
        return journal.replayItems();
    }

    private static boolean hasAudio(Item item) {
        return item instanceof MessageItem m && m.content().stream().anyMatch(p -> "input_audio".equals(p.type()));
    }
}
