package dev.tau4j.playback;

import dev.tau4j.ServerErrorException;
import dev.tau4j.Session;
import dev.tau4j.SessionState;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.tau4j.playback.ScriptedSession.Truncation;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Speaker;
import dev.tau4j.audio.VirtualSpeaker;
import dev.tau4j.event.ErrorDetail;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ResponseCreated;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseInfo;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputItemDone;
import dev.tau4j.event.StatusDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Playback's bookkeeping against a speaker on a fake clock, fed events through the public
 * listener contract by a {@link ScriptedSession}: the test thread plays the session's reader, and
 * time moves only when the test advances it.
 */
@Timeout(20)
class PlaybackTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int FRAMES_PER_MS = 24;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final VirtualSpeaker speaker = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO, nanos::get);
    private final ScriptedSession session = new ScriptedSession();
    private final List<Playback> attached = new ArrayList<>();

    @AfterEach
    void detach() {
        attached.forEach(Playback::close);
    }

    @Test
    void speechWhileNothingPlaysCutsAndTruncatesNothing() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_1", true);
        audio("resp_1", "item_a", 300);
        finished("resp_1", "item_a", "completed");
        awaitQueuedMs(300);
        advanceMs(400);

        speechStarted();

        assertThat(speaker.playedFrames()).isEqualTo(300 * FRAMES_PER_MS);
        assertThat(session.truncations).isEmpty();
        // The first interruption reported is a later one: the idle speech start reported none.
        created("resp_2", true);
        audio("resp_2", "item_b", 200);
        awaitQueuedMs(200);
        advanceMs(50);
        speechStarted();
        finished("resp_2", "item_b", "cancelled");
        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.itemId()).isEqualTo("item_b");
        assertThat(i.heardMs()).isEqualTo(50);
        assertThat(session.truncations).containsExactly(new Truncation("item_b", 0, 50));
    }

    @Test
    void heardComesFromThePlaybackClockAndNeverExceedsTheAudioReceived() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        created("resp_1", true);
        audio("resp_1", "item_a", 300);
        awaitQueuedMs(300);
        // The network stalls: two seconds of wall time pass, but only 300 ms of audio could play.
        advanceMs(2_000);
        CompletableFuture<Interruption> next = playback.nextInterruption();

        speechStarted();
        finished("resp_1", "item_a", "cancelled");

        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(session.truncations).containsExactly(new Truncation("item_a", 0, 300));
        assertThat(i.heardMs()).isEqualTo(300);
        assertThat(i.receivedMs()).isEqualTo(300);
        assertThat(i.truncated()).isTrue();
    }

    @Test
    void playbackStopsAtOnceAndLaterAudioOfTheInterruptedResponseIsDropped() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_1", true);
        transcript("resp_1", "item_a", "One two three four five six seven eight");
        audio("resp_1", "item_a", 1_000);
        awaitQueuedMs(1_000);
        advanceMs(250);

        speechStarted();

        assertThat(speaker.queuedFrames()).isZero();
        assertThat(speaker.playedFrames()).isEqualTo(250 * FRAMES_PER_MS);
        audio("resp_1", "item_a", 100);
        audio("resp_1", "item_c", 100);
        finished("resp_1", "item_a", "cancelled");
        // Chunks are written in order: had the dropped audio been queued, the sink would hold more than this.
        created("resp_2", true);
        audio("resp_2", "item_d", 40);
        awaitQueuedMs(40);

        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.heardMs()).isEqualTo(250);
        assertThat(i.receivedMs()).isEqualTo(1_000);
        assertThat(i.transcript()).isEqualTo("One two three four five six seven eight");
        assertThat(i.heardTranscript()).isEqualTo("One two");
        assertThat(session.truncations).containsExactly(new Truncation("item_a", 0, 250));
    }

    @Test
    void withTwoItemsBackToBackOnlyTheOneBeingHeardIsTruncated() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        created("resp_1", true);
        audio("resp_1", "item_a", 500);
        finished("resp_1", "item_a", "completed");
        created("resp_2", true);
        audio("resp_2", "item_b", 500);
        awaitQueuedMs(1_000);
        advanceMs(700);
        CompletableFuture<Interruption> next = playback.nextInterruption();

        speechStarted();
        finished("resp_2", "item_b", "cancelled");

        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.itemId()).isEqualTo("item_b");
        assertThat(i.responseId()).isEqualTo("resp_2");
        assertThat(i.heardMs()).isEqualTo(200);
        assertThat(session.truncations).containsExactly(new Truncation("item_b", 0, 200));
    }

    @Test
    void anItemQueuedBehindTheOneBeingHeardIsTruncatedAtZero() throws Exception {
        BlockingQueue<Interruption> reported = new LinkedBlockingQueue<>();
        attach(Playback.builder(session, speaker).onInterruption(reported::add));
        created("resp_1", true);
        audio("resp_1", "item_a", 500);
        finished("resp_1", "item_a", "completed");
        created("resp_2", true);
        audio("resp_2", "item_b", 500);
        awaitQueuedMs(1_000);
        advanceMs(300);

        speechStarted();
        Interruption first = reported.poll(5, TimeUnit.SECONDS);
        assertThat(session.truncations).as("item_b is truncated once its response ends")
                .containsExactly(new Truncation("item_a", 0, 300));
        finished("resp_2", "item_b", "cancelled");
        Interruption second = reported.poll(5, TimeUnit.SECONDS);

        assertThat(first).isNotNull();
        assertThat(first.itemId()).isEqualTo("item_a");
        assertThat(first.heardMs()).isEqualTo(300);
        assertThat(second).isNotNull();
        assertThat(second.itemId()).isEqualTo("item_b");
        assertThat(second.heardMs()).isZero();
        assertThat(session.truncations).containsExactly(new Truncation("item_a", 0, 300), new Truncation("item_b", 0, 0));
    }

    @Test
    void aFailedTruncationIsReportedAndPlaybackGoesOn() throws Exception {
        ServerErrorException gone = new ServerErrorException(new ErrorDetail("invalid_request_error", "item_not_found",
                "Item 'item_a' not found", "item_id", null));
        session.truncateFailure.set(gone);
        Playback playback = attach(Playback.builder(session, speaker));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_1", true);
        audio("resp_1", "item_a", 500);
        finished("resp_1", "item_a", "completed");
        awaitQueuedMs(500);
        advanceMs(100);

        speechStarted();

        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.truncated()).isFalse();
        assertThat(i.error()).isSameAs(gone);
        assertThat(i.heardMs()).isEqualTo(100);
        created("resp_2", true);
        audio("resp_2", "item_b", 80);
        awaitQueuedMs(80);
    }

    @Test
    void aConnectionLostBeforeTheItemEndsIsReportedAsAFailedTruncation() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_1", true);
        audio("resp_1", "item_a", 300);
        awaitQueuedMs(300);
        advanceMs(100);
        speechStarted();
        IllegalStateException closed = new IllegalStateException("Session 'scripted' is failed; open a new one");
        session.truncateFailure.set(closed);

        session.changeState(SessionState.OPEN, SessionState.FAILED);

        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.truncated()).isFalse();
        assertThat(i.error()).isSameAs(closed);
        assertThat(i.heardMs()).isEqualTo(100);
    }

    @Test
    void outOfBandAudioIsNotPlayedByDefault() {
        attach(Playback.builder(session, speaker));
        created("resp_oob", false);
        audio("resp_oob", "item_oob", 300);
        created("resp_1", true);
        audio("resp_1", "item_a", 60);

        awaitQueuedMs(60);
    }

    @Test
    void playedOutOfBandAudioIsCutButNotTruncated() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker).outOfBand(true));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_oob", false);
        audio("resp_oob", "item_oob", 300);
        awaitQueuedMs(300);
        advanceMs(120);

        speechStarted();

        assertThat(speaker.queuedFrames()).isZero();
        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.itemId()).isEqualTo("item_oob");
        assertThat(i.heardMs()).isEqualTo(120);
        assertThat(i.truncated()).isFalse();
        assertThat(i.error()).isNull();
        assertThat(session.truncations).isEmpty();
    }

    @Test
    void deltasSplittingAFrameAreJoinedIntoWholeFrames() {
        attach(Playback.builder(session, speaker));
        created("resp_1", true);
        session.emit(new ResponseOutputAudioDelta(null, "resp_1", "item_a", 0, 0, new byte[3]));
        session.emit(new ResponseOutputAudioDelta(null, "resp_1", "item_a", 0, 0, new byte[1]));

        awaitQueuedFrames(2);
    }

    @Test
    void interruptCutsLikeASpeechStart() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_1", true);
        audio("resp_1", "item_a", 400);
        awaitQueuedMs(400);
        advanceMs(90);

        playback.interrupt();
        finished("resp_1", "item_a", "cancelled");

        assertThat(speaker.queuedFrames()).isZero();
        assertThat(next.get(5, TimeUnit.SECONDS).heardMs()).isEqualTo(90);
        assertThat(session.truncations).containsExactly(new Truncation("item_a", 0, 90));
    }

    @Test
    void closeDetachesAndReportsAnInterruptionStillWaitingForItsItem() throws Exception {
        Playback playback = attach(Playback.builder(session, speaker));
        CompletableFuture<Interruption> next = playback.nextInterruption();
        created("resp_1", true);
        audio("resp_1", "item_a", 300);
        awaitQueuedMs(300);
        advanceMs(100);
        speechStarted();

        playback.close();

        Interruption i = next.get(5, TimeUnit.SECONDS);
        assertThat(i.truncated()).isFalse();
        assertThat(i.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("item_a");
        assertThat(session.listenerCount()).isZero();
        assertThat(session.truncations).isEmpty();
        assertThatThrownBy(() -> playback.nextInterruption().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void heardTranscriptKeepsWholeWordsInProportion() {
        assertThat(Interruption.trim("one two three four", 50, 100)).isEqualTo("one two");
        assertThat(Interruption.trim("one two three four", 100, 100)).isEqualTo("one two three four");
        assertThat(Interruption.trim("one two three four", 0, 100)).isEmpty();
        assertThat(Interruption.trim("one two three four", 45, 100)).isEqualTo("one two");
        assertThat(Interruption.trim("こんにちは世界", 50, 100)).isEqualTo("こんに");
    }

    @Test
    void anInterruptionNeverClaimsMoreHeardThanReceived() {
        assertThatThrownBy(() -> new Interruption("item_a", "resp_1", 0, 301, 300, "", "", true, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private Playback attach(Playback.Builder builder) {
        Playback p = builder.attach();
        attached.add(p);
        return p;
    }

    private void created(String responseId, boolean inConversation) {
        session.emit(new ResponseCreated(null, info(responseId, "in_progress", null, inConversation)));
    }

    private void audio(String responseId, String itemId, int ms) {
        session.emit(new ResponseOutputAudioDelta(null, responseId, itemId, 0, 0, new byte[ms * FRAMES_PER_MS * 2]));
    }

    private void transcript(String responseId, String itemId, String text) {
        session.emit(new ResponseOutputAudioTranscriptDelta(null, responseId, itemId, 0, 0, text));
    }

    private void finished(String responseId, String itemId, String status) {
        session.emit(new ResponseOutputItemDone(null, responseId, 0, new MessageItem(itemId, "assistant",
                "cancelled".equals(status) ? "incomplete" : "completed", List.of())));
        StatusDetails details = "cancelled".equals(status) ? new StatusDetails("cancelled", "turn_detected", null) : null;
        session.emit(new ResponseDone(null, info(responseId, status, details, true)));
    }

    private static ResponseInfo info(String id, String status, StatusDetails details, boolean inConversation) {
        return new ResponseInfo(id, status, details, List.of(), inConversation ? "conv_1" : null, List.of("audio"), null,
                null, Map.of());
    }

    private void speechStarted() {
        session.emit(new InputAudioBufferSpeechStarted(null, 0, "item_user"));
    }

    private void advanceMs(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
    }

    /** Waits until Playback's writer has handed exactly {@code ms} of audio to the sink (the clock is frozen). */
    private void awaitQueuedMs(long ms) {
        awaitQueuedFrames(ms * FRAMES_PER_MS);
    }

    private void awaitQueuedFrames(long frames) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (speaker.queuedFrames() != frames) {
            if (System.nanoTime() - deadline > 0) {
                fail("the sink holds " + speaker.queuedFrames() + " frames, expected " + frames);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
