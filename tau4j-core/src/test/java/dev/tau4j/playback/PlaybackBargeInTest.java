package dev.tau4j.playback;

import dev.tau4j.Response;
import dev.tau4j.ResponseHandle;
import dev.tau4j.ResponseOptions;
import dev.tau4j.ResponseStatus;
import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Speaker;
import dev.tau4j.audio.VirtualSpeaker;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimItem;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Barge-in end to end: the simulator streams a spoken answer at playback speed over a real
 * socket, a {@link VirtualSpeaker} plays it on the real clock, and the user's speech (heard by the
 * simulator's server VAD) interrupts it.
 */
@Timeout(30)
class PlaybackBargeInTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "Here is a rather long answer that keeps on talking for quite a while.";

    private RealtimeSimulator sim;
    private TauClient client;

    @BeforeEach
    void start() {
        sim = RealtimeSimulator.builder().pace(Pace.REALTIME).start();
        client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-test-key-123456").build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void userSpeechCutsPlaybackAndTruncatesTheItemAtWhatWasHeard() throws Exception {
        try (Session session = client.connect(SessionOptions.DEFAULTS);
                VirtualSpeaker speaker = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO);
                Playback playback = Playback.attach(session, speaker)) {
            // Added after the Playback, so it sees each event once Playback has handled it.
            CompletableFuture<long[]> atSpeech = new CompletableFuture<>();
            session.addListener(new SessionListener() {
                @Override
                public void onEvent(Session s, ServerEvent event) {
                    if (event instanceof InputAudioBufferSpeechStarted) {
                        atSpeech.complete(new long[] {speaker.queuedFrames(), speaker.playedFrames()});
                    }
                }
            });
            CompletableFuture<Interruption> interruption = playback.nextInterruption();
            sim.enqueue(Reply.text(ANSWER));
            session.user("Tell me something long.");
            ResponseHandle response = session.requestResponse(ResponseOptions.DEFAULTS);

            awaitPlayed(speaker, Duration.ofMillis(600));
            append(session, SimAudio.speech(Duration.ofMillis(400)));

            long[] cut = atSpeech.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(cut[0]).as("frames still queued right after speech_started").isZero();
            long heardMs = cut[1] * 1000 / 24_000;
            assertThat(heardMs).isGreaterThanOrEqualTo(600);

            Interruption i = interruption.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode truncate = JSON.readTree(clientEvent("conversation.item.truncate").json());
            assertThat(truncate.path("item_id").asText()).isEqualTo(i.itemId());
            assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(heardMs);
            assertThat(i.heardMs()).isEqualTo(heardMs);
            assertThat(i.receivedMs()).isGreaterThanOrEqualTo(heardMs);
            assertThat(i.truncated()).isTrue();
            assertThat(i.error()).isNull();

            Response done = response.await();
            assertThat(done.status()).isEqualTo(ResponseStatus.CANCELLED);
            assertThat(done.statusReason()).isEqualTo("turn_detected");
            assertThat(done.audioDuration().toMillis()).isGreaterThanOrEqualTo(i.receivedMs())
                    .isLessThan(SimAudio.spokenMs(ANSWER));
            assertThat(done.transcript()).startsWith(i.transcript());
            assertThat(i.heardTranscript()).isNotEmpty().hasSizeLessThan(i.transcript().length());
            assertThat(i.transcript()).startsWith(i.heardTranscript());

            String sessionId = session.sessionConfig().id();
            SimItem item = sim.sessions().stream().filter(s -> s.id().equals(sessionId)).findFirst().orElseThrow()
                    .conversation().stream().filter(x -> x.id().equals(i.itemId())).findFirst().orElseThrow();
            assertThat(item.role()).isEqualTo("assistant");
            assertThat(item.audioMs()).isEqualTo(heardMs);
            // As the live service does, the server dropped the transcript of the truncated audio.
            assertThat(item.text()).isEmpty();
            assertThat(ANSWER).startsWith(i.heardTranscript());
        }
    }

    @Test
    void speechAfterTheAnswerPlayedOutTruncatesNothingAndTheNextAnswerIsCutFromItsOwnStart() throws Exception {
        try (Session session = client.connect(SessionOptions.DEFAULTS);
                VirtualSpeaker speaker = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO);
                Playback playback = Playback.attach(session, speaker)) {
            BlockingQueue<Long> playedAtSpeech = new LinkedBlockingQueue<>();
            session.addListener(new SessionListener() {
                @Override
                public void onEvent(Session s, ServerEvent event) {
                    if (event instanceof InputAudioBufferSpeechStarted) {
                        playedAtSpeech.add(speaker.playedFrames());
                    }
                }
            });
            CompletableFuture<Interruption> interruption = playback.nextInterruption();
            sim.enqueue(Reply.text("Hi there."));
            sim.enqueue(Reply.text(ANSWER));
            session.user("Hello.");
            Response first = session.requestResponse(ResponseOptions.DEFAULTS).await();
            assertThat(speaker.drain(WAIT)).isTrue();
            long firstMs = first.audioDuration().toMillis();
            assertThat(speaker.playedDuration().toMillis()).isEqualTo(firstMs);

            // The user speaks and pauses: server VAD commits the turn and starts the next answer.
            append(session, SimAudio.speech(Duration.ofMillis(400)));
            append(session, SimAudio.silence(Duration.ofMillis(400)));
            awaitPlayed(speaker, Duration.ofMillis(firstMs + 500));
            append(session, SimAudio.speech(Duration.ofMillis(300)));

            Interruption i = interruption.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(playedAtSpeech.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(firstMs * 24);
            long played = playedAtSpeech.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(i.itemId()).isNotEqualTo(first.output().getFirst().id());
            assertThat(i.heardMs()).isEqualTo(played * 1000 / 24_000 - firstMs).isGreaterThanOrEqualTo(500);
            JsonNode truncate = JSON.readTree(clientEvent("conversation.item.truncate").json());
            assertThat(truncate.path("item_id").asText()).as("the first truncation").isEqualTo(i.itemId());
            assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(i.heardMs());
        }
    }

    private static void append(Session session, byte[] audio) {
        for (int off = 0; off < audio.length; off += SimAudio.bytesFor(40)) {
            assertThat(session.appendInputAudio(Arrays.copyOfRange(audio, off, Math.min(audio.length,
                    off + SimAudio.bytesFor(40))))).isTrue();
        }
    }

    private RecordedEvent clientEvent(String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            RecordedEvent e = sim.takeClientEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e != null && e.type().equals(type)) {
                return e;
            }
        }
        return fail("the simulator received no " + type + " within " + WAIT);
    }

    /** Waits until {@code speaker}'s clock has played at least {@code played}. */
    private static void awaitPlayed(VirtualSpeaker speaker, Duration played) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (speaker.playedDuration().compareTo(played) < 0) {
            if (System.nanoTime() - deadline > 0) {
                fail("played only " + speaker.playedDuration() + " of the answer within " + WAIT);
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }
}
