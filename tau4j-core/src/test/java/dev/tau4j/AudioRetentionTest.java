package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.ResponseEvent;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.Reply;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link Response#audio()} holds: all the audio by default, none with
 * {@code retainAudio(false)}, the first chunks up to {@code maxRetainedAudioBytes} past the cap;
 * the handle's listener gets every delta in each case.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AudioRetentionTest {

    private static final String ANSWER = "A long enough answer to stream its audio in many pieces, so that a small cap"
            + " is passed well before the end of the response, and the rest is streamed but not kept.";

    private static RealtimeSimulator sim;
    private static TauClient client;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.start();
        client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-test").build());
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    /** The response and every audio byte its handle's listener saw, in order. */
    private record Run(Response response, byte[] streamed, int deltas) {
    }

    private static Run run(ResponseOptions options) throws Exception {
        sim.enqueue(Reply.text(ANSWER));
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        int[] deltas = {0};
        Consumer<ResponseEvent> listener = e -> {
            if (e instanceof ResponseOutputAudioDelta d) {
                streamed.writeBytes(d.audio());
                deltas[0]++;
            }
        };
        try (Session s = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            Response r = s.requestResponse(options, listener).result().get(30, TimeUnit.SECONDS);
            // The listener ran on the reader before the result completed.
            return new Run(r, streamed.toByteArray(), deltas[0]);
        }
    }

    @Test
    void byDefaultTheResponseKeepsAllItsAudio() throws Exception {
        Run run = run(ResponseOptions.DEFAULTS);
        assertThat(run.deltas()).isGreaterThan(3);
        assertThat(run.response().audio()).isEqualTo(run.streamed());
        assertThat(run.response().audioTruncated()).isFalse();
        assertThat(run.response().audioDuration()).isEqualTo(run.response().audioFormat().durationOf(run.streamed().length));
    }

    @Test
    void withoutRetentionTheAudioIsOnlyStreamed() throws Exception {
        Run run = run(ResponseOptions.builder().retainAudio(false).build());
        assertThat(run.streamed()).isNotEmpty();
        assertThat(run.response().audio()).isEmpty();
        assertThat(run.response().audioDeltasBase64()).isEmpty();
        assertThat(run.response().audioTruncated()).isTrue();
        assertThat(run.response().audioDuration()).as("the duration still counts all the audio that arrived")
                .isEqualTo(run.response().audioFormat().durationOf(run.streamed().length));
        assertThat(run.response().transcript()).isEqualTo(ANSWER);
    }

    @Test
    void pastTheCapTheResponseKeepsTheFirstChunksAndSaysSo() throws Exception {
        Run whole = run(ResponseOptions.DEFAULTS);
        int cap = whole.streamed().length / 3;
        Run run = run(ResponseOptions.builder().maxRetainedAudioBytes(cap).build());
        byte[] kept = run.response().audio();
        assertThat(run.streamed()).as("the listener still got all of it").hasSameSizeAs(whole.streamed());
        assertThat(kept.length).isPositive().isLessThanOrEqualTo(cap);
        assertThat(kept).isEqualTo(Arrays.copyOf(run.streamed(), kept.length));
        assertThat(run.response().audioTruncated()).isTrue();
        assertThat(run.response().audioDuration()).isEqualTo(run.response().audioFormat().durationOf(run.streamed().length));
    }
}
