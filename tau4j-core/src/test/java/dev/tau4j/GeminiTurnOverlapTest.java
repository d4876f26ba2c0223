package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.SimAudio;
import dev.tau4j.simulator.SimDialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17: a new user turn and its response request while a Gemini model turn still streams. The
 * new content interrupts that turn on the server (Gemini's {@code clientContent} does), so the new
 * request needs a turn of its own: the client must ask for it ({@code turnComplete}) rather than
 * take the interrupted turn for it, or the response waits until the stall watchdog reconnects. And a
 * user turn heard while the model goes on after a tool response is answered too.
 */
@Timeout(60)
class GeminiTurnOverlapTest {

    /** Well under the 15 s stall watchdog: a request the server was never asked for cannot be answered in time. */
    private static final Duration WAIT = Duration.ofSeconds(8);
    private static final String KEY = "gemini-test-key-0123456789";

    private RealtimeSimulator sim;
    private TauClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start() {
        sim = RealtimeSimulator.builder().dialect(SimDialect.GEMINI).pace(Pace.REALTIME).requiredApiKey(KEY).start();
        client = TauClient.create(TauOptions.builder().provider(Provider.GEMINI.withEndpoint(sim.url())).apiKey(KEY)
                .callTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5)).build(), Map.of());
    }

    @Test
    void aUserTurnHeardWhileTheModelGoesOnAfterAToolResponseIsAnswered() throws Exception {
        start();
        try (Session s = client.connect(SessionOptions.builder().turnDetection(TurnDetection.serverVad()
                .withSilenceDurationMs(200)).tool(Tool.of("pass", "Call this unless asked for something.")).build())) {
            BlockingQueue<Response> done = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    done.add(response);
                }
            });
            sim.enqueue(Reply.functionCall("pass", "{}"));
            sim.enqueue(Reply.text("The model goes on after the tool response with a long sentence that keeps on going."));
            sim.enqueue(Reply.text("Answered."));
            s.appendInputAudio(turn());
            Response call = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(call).as("the first turn's tool call").isNotNull();
            assertThat(call.functionCalls()).extracting(FunctionCall::name).containsExactly("pass");

            // The answer, and at once the user's next turn (one frame): it is heard while the model goes on.
            s.functionCallOutput(call.functionCalls().getFirst().callId(), "{}");
            s.appendInputAudio(turn());
            Response answer;
            do {
                answer = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer).as("an answer to the user's second turn").isNotNull();
            } while (!"Answered.".equals(answer.transcript()));
            assertThat(answer.status()).isEqualTo(ResponseStatus.COMPLETED);
        }
    }

    /** A user turn in one piece: speech, then enough silence for server VAD to end it. */
    private static byte[] turn() {
        byte[] speech = SimAudio.speech(Duration.ofMillis(600));
        byte[] silence = SimAudio.silence(Duration.ofMillis(800));
        byte[] all = Arrays.copyOf(speech, speech.length + silence.length);
        System.arraycopy(silence, 0, all, speech.length, silence.length);
        return all;
    }

    @Test
    void aRequestMadeWhileATurnStreamsGetsATurnOfItsOwn() throws Exception {
        start();
        AtomicInteger reconnects = new AtomicInteger();
        try (Session s = client.connect(SessionOptions.builder().instructions("Repeat after the user.").build())) {
            BlockingQueue<String> said = new LinkedBlockingQueue<>();
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof ResponseOutputAudioTranscriptDelta d) {
                        said.add(d.delta());
                    }
                }

                @Override
                public void onStateChange(Session session, SessionState previous, SessionState current) {
                    if (current == SessionState.RECONNECTING) {
                        reconnects.incrementAndGet();
                    }
                }
            });
            sim.enqueue(Reply.text("Lights on in the kitchen, and a rather long sentence after it that keeps on going."));
            s.user("Lights on in the kitchen.");
            ResponseHandle first = s.requestResponse(ResponseOptions.DEFAULTS);
            assertThat(said.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the first answer started").isNotNull();

            sim.enqueue(Reply.text("Lights off."));
            s.user("Lights off.");
            ResponseHandle second = s.requestResponse(ResponseOptions.DEFAULTS);

            Response interrupted = first.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(interrupted.status()).as("the new content interrupted the turn streaming").isEqualTo(ResponseStatus.CANCELLED);
            Response answer = second.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(answer.transcript()).isEqualTo("Lights off.");
            assertThat(turnRequests()).as("each request asked the server for a turn").isEqualTo(2);
            assertThat(reconnects.get()).as("no reconnection").isZero();
        }
    }

    /** The {@code turnComplete: true} client messages the simulator has received so far. */
    private int turnRequests() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        RecordedEvent e;
        while ((e = sim.takeClientEvent(Duration.ofMillis(200))) != null) {
            seen.add(e.json());
        }
        return (int) seen.stream().filter(m -> m.contains("\"turnComplete\":true")).count();
    }
}
