package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.simulator.Pace;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Responses are built from their own events only, whoever started them. */
@Timeout(30)
class ResponseCorrelationTest {

    private static RealtimeSimulator fast;
    private static RealtimeSimulator paced;
    private static TauClient fastClient;
    private static TauClient pacedClient;

    @BeforeAll
    static void start() {
        fast = RealtimeSimulator.start();
        paced = RealtimeSimulator.builder().pace(Pace.REALTIME).start();
        fastClient = TauClient.create(TauOptions.builder().endpoint(fast.url()).apiKey("sk-test").build());
        pacedClient = TauClient.create(TauOptions.builder().endpoint(paced.url()).apiKey("sk-test").build());
    }

    @AfterAll
    static void stop() {
        fastClient.close();
        pacedClient.close();
        fast.close();
        paced.close();
    }

    @Test
    void twoConcurrentOutOfBandResponsesNeverMix() throws Exception {
        List<String> deltaOrder = new CopyOnWriteArrayList<>();
        fast.enqueue(Reply.text("Alpha alpha alpha alpha, the first answer is long enough to stream in many pieces."));
        fast.enqueue(Reply.text("Bravo bravo bravo bravo, the second answer is also long enough to stream in pieces."));
        try (Session s = fastClient.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.addListener(new SessionListener() {
                @Override
                public void onEvent(Session session, ServerEvent event) {
                    if (event instanceof ResponseOutputAudioTranscriptDelta d) {
                        deltaOrder.add(d.responseId());
                    }
                }
            });
            ResponseHandle a = s.requestResponse(ResponseOptions.builder().outOfBand(true).metadata("who", "a").build());
            ResponseHandle b = s.requestResponse(ResponseOptions.builder().outOfBand(true).metadata("who", "b").build());
            Response ra = a.result().get(10, TimeUnit.SECONDS);
            Response rb = b.result().get(10, TimeUnit.SECONDS);
            assertThat(ra.transcript()).startsWith("Alpha").doesNotContain("Bravo");
            assertThat(rb.transcript()).startsWith("Bravo").doesNotContain("Alpha");
            assertThat(ra.metadata()).containsEntry("who", "a");
            assertThat(rb.metadata()).containsEntry("who", "b");
            assertThat(ra.origin()).isEqualTo(ResponseOrigin.OUT_OF_BAND);
            assertThat(ra.conversationId()).isNull();
            assertThat(ra.id()).isEqualTo(a.id()).isNotEqualTo(rb.id());
            // The deltas really interleaved on the wire, so the separation above was earned.
            assertThat(switches(deltaOrder)).isGreaterThanOrEqualTo(2);
        }
    }

    private static int switches(List<String> order) {
        int n = 0;
        for (int i = 1; i < order.size(); i++) {
            if (!order.get(i).equals(order.get(i - 1))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void responsesStartedByServerVadArriveOnTheResponsesStream() throws Exception {
        CompletableFuture<Response> viaListener = new CompletableFuture<>();
        CompletableFuture<Response> viaPublisher = new CompletableFuture<>();
        try (Session s = fastClient.connect(SessionOptions.DEFAULTS)) {
            s.addListener(new SessionListener() {
                @Override
                public void onResponse(Session session, Response response) {
                    viaListener.complete(response);
                }
            });
            s.responses().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Response item) {
                    viaPublisher.complete(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    viaPublisher.completeExceptionally(throwable);
                }

                @Override
                public void onComplete() {
                }
            });
            s.appendInputAudio(TestAudio.silence(300));
            for (int i = 0; i < 8; i++) {
                s.appendInputAudio(TestAudio.tone(100));
            }
            for (int i = 0; i < 10; i++) {
                s.appendInputAudio(TestAudio.silence(100));
            }
            Response r = viaListener.get(10, TimeUnit.SECONDS);
            assertThat(r.origin()).isEqualTo(ResponseOrigin.SERVER_STARTED);
            assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
            assertThat(r.usage().inputAudioTokens()).isPositive();
            assertThat(viaPublisher.get(10, TimeUnit.SECONDS).id()).isEqualTo(r.id());
        }
    }

    @Test
    void cancelResponseEndsTheActiveResponseAsCancelledNeverCompleted() throws Exception {
        try (Session s = pacedClient.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.user("Tell me a long story about the sea and the ships and the storms");
            ResponseHandle h = s.requestResponse(ResponseOptions.DEFAULTS);
            h.created().get(5, TimeUnit.SECONDS);
            Optional<Response> cancelled = s.cancelResponse();
            assertThat(cancelled).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(ResponseStatus.CANCELLED);
                assertThat(r.statusReason()).isEqualTo("client_cancelled");
                assertThat(r.isCompleted()).isFalse();
            });
            assertThat(h.result().get(5, TimeUnit.SECONDS).status()).isEqualTo(ResponseStatus.CANCELLED);
            assertThat(s.cancelResponse()).isEmpty();
        }
    }

    @Test
    void aSecondResponseWhileOneRunsFailsWithTheServersReason() throws Exception {
        try (Session s = pacedClient.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.user("Tell me a long story about the sea and the ships and the storms");
            ResponseHandle first = s.requestResponse(ResponseOptions.DEFAULTS);
            first.created().get(5, TimeUnit.SECONDS);
            assertThatThrownBy(s::response).isInstanceOfSatisfying(ServerErrorException.class,
                    e -> assertThat(e.code()).isEqualTo("conversation_already_has_active_response"));
            first.cancel();
            assertThat(first.await().status()).isEqualTo(ResponseStatus.CANCELLED);
        }
    }

    @Test
    void aHandleCancelledBeforeCreationIsCancelledOnceCreated() throws Exception {
        try (Session s = pacedClient.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            s.user("Say something long about the weather in the mountains");
            ResponseHandle h = s.requestResponse(ResponseOptions.DEFAULTS);
            h.cancel();
            Response r = h.result().get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(ResponseStatus.CANCELLED);
        }
    }

    @Test
    void perResponseListenerSeesOnlyItsOwnEventsFromTheFirst() throws Exception {
        fast.enqueue(Reply.text("One."));
        fast.enqueue(Reply.text("Two."));
        try (Session s = fastClient.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            List<String> idsA = new ArrayList<>();
            List<String> typesA = new ArrayList<>();
            ResponseHandle a = s.requestResponse(ResponseOptions.builder().outOfBand(true).build(), e -> {
                idsA.add(e.responseId());
                typesA.add(e.type());
            });
            ResponseHandle b = s.requestResponse(ResponseOptions.builder().outOfBand(true).build());
            a.await();
            b.await();
            assertThat(idsA).containsOnly(a.id());
            assertThat(typesA.getFirst()).isEqualTo("response.created");
            assertThat(typesA.getLast()).isEqualTo("response.done");
        }
    }

    @Test
    void awaitGivesUpAfterTheResponseTimeout() {
        try (TauClient c = TauClient.create(TauOptions.builder().endpoint(fast.url()).apiKey("sk-x")
                .responseTimeout(Duration.ofMillis(300)).build());
             Session s = c.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            fast.sessions().stream().filter(x -> x.id().equals(s.sessionConfig().id())).findFirst().orElseThrow().inject(dev.tau4j.simulator.Fault.stall());
            assertThatThrownBy(s::response).isInstanceOf(TauTimeoutException.class).hasMessageContaining("response.done");
        }
    }
}
