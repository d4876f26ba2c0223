package dev.tau4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.event.ConversationItemDone;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.Item;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.SessionInfo;
import dev.tau4j.simulator.RealtimeSimulator;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.Reply;
import dev.tau4j.simulator.SimItem;
import dev.tau4j.simulator.SimulatedSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every Session method against the simulator over a real loopback WebSocket. */
@Timeout(30)
class SessionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static RealtimeSimulator sim;
    private static TauClient client;
    private Session session;
    private SimulatedSession server;

    @BeforeAll
    static void startSimulator() {
        sim = RealtimeSimulator.start();
        client = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-test-key-123456").build());
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    @BeforeEach
    void connect() throws InterruptedException {
        session = client.connect(SessionOptions.builder().instructions("Be brief.")
                .turnDetection(TurnDetection.disabled()).build());
        String id = session.sessionConfig().id();
        server = sim.sessions().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        while (sim.takeClientEvent(Duration.ZERO) != null) {
            // drain what earlier tests left
        }
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void connectAppliesTheSessionOptionsAndExposesTheServerConfig() {
        assertThat(session.state()).isEqualTo(SessionState.OPEN);
        assertThat(session.model()).isEqualTo(Model.GPT_REALTIME);
        assertThat(session.sessionConfig().instructions()).isEqualTo("Be brief.");
        assertThat(session.sessionConfig().id()).startsWith("sess_");
        assertThat(server.configJson()).contains("\"turn_detection\":null");
    }

    /**
     * A listener that closes another session delivers that session's calls on its own thread; a
     * blocking call it makes afterwards must still be refused at once, not wait for events that
     * only its own thread can deliver.
     */
    @Test
    void aBlockingCallFromAListenerIsRefusedEvenAfterTheListenerDeliveredAnotherSessionsCalls() throws Exception {
        Session other = client.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build());
        CompletableFuture<SessionState> otherSaw = new CompletableFuture<>();
        other.addListener(new SessionListener() {
            @Override
            public void onStateChange(Session s, SessionState previous, SessionState current) {
                if (current == SessionState.CLOSED) {
                    otherSaw.complete(current);
                }
            }
        });
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        session.addListener(new SessionListener() {
            @Override
            public void onEvent(Session s, dev.tau4j.event.ServerEvent event) {
                if (event instanceof ConversationItemDone && !refused.isDone()) {
                    other.close();   // its CLOSED goes to its listener on this thread, now
                    try {
                        s.updateSession(SessionOptions.builder().voice(Voice.MARIN).build());
                        refused.complete(null);
                    } catch (RuntimeException e) {
                        refused.complete(e);
                    }
                }
            }
        });

        session.user("Hello");

        assertThat(otherSaw.get(5, TimeUnit.SECONDS)).isEqualTo(SessionState.CLOSED);
        assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made from a listener of session");
    }

    @Test
    void updateSessionMergesAndReturnsTheFullConfig() {
        SessionInfo info = session.updateSession(SessionOptions.builder().voice(Voice.MARIN).build());
        assertThat(info.voice()).isEqualTo("marin");
        assertThat(info.instructions()).isEqualTo("Be brief.");
        assertThat(session.sessionConfig()).isEqualTo(info);
    }

    @Test
    void userAssistantAndSystemCreateConfirmedItemsInOrder() {
        Item system = session.system("You are a test.");
        Item user = session.user("Hello there");
        Item assistant = session.assistant("Hi!");
        assertThat(user).isInstanceOfSatisfying(MessageItem.class, m -> {
            assertThat(m.role()).isEqualTo("user");
            assertThat(m.text()).isEqualTo("Hello there");
        });
        assertThat(server.conversation()).extracting(SimItem::id).containsExactly(system.id(), user.id(), assistant.id());
        assertThat(server.conversation()).extracting(SimItem::role).containsExactly("system", "user", "assistant");
        assertThat(server.conversation().get(2).text()).isEqualTo("Hi!");
    }

    @Test
    void responseCollectsTranscriptAudioAndUsageOfThatResponse() {
        session.user("Tell me about the sea");
        Response r = session.response();
        assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETED);
        assertThat(r.id()).startsWith("resp_");
        assertThat(r.origin()).isEqualTo(ResponseOrigin.REQUESTED);
        assertThat(r.transcript()).isNotBlank();
        assertThat(r.audio().length).isPositive().isEven();
        // The server bills 1 output audio token per 50 ms of audio it sent.
        long audioMs = r.audioDuration().toMillis();
        assertThat(r.usage().outputAudioTokens()).isBetween(audioMs / 50 - 1, audioMs / 50 + 1);
        assertThat(r.usage().inputTextTokens()).isPositive();
        assertThat(r.timings().firstAudio()).isNotNull();
        assertThat(r.timings().total()).isGreaterThanOrEqualTo(r.timings().firstAudio());
        assertThat(String.join("", r.audioDeltasBase64())).isNotEmpty();
        assertThat(session.usage()).isEqualTo(r.usage());
        SimItem assistant = server.conversation().getLast();
        assertThat(assistant.role()).isEqualTo("assistant");
        assertThat(assistant.text()).isEqualTo(r.transcript());
    }

    @Test
    void textOnlyResponsesHaveTextAndNoAudio() {
        sim.enqueue(Reply.text("Plain text answer."));
        session.user("Answer in text");
        Response r = session.response(ResponseOptions.builder().textOnly().build());
        assertThat(r.transcript()).isEqualTo("Plain text answer.");
        assertThat(r.audio()).isEmpty();
        assertThat(r.usage().outputAudioTokens()).isZero();
    }

    @Test
    void responseOptionsReachTheServerAndMetadataIsEchoedWithoutTheLibraryKey() throws InterruptedException {
        session.user("Hi");
        Response r = session.response(ResponseOptions.builder().instructions("Say hi").metadata("turn", "7").build());
        assertThat(r.metadata()).containsExactly(java.util.Map.entry("turn", "7"));
        RecordedEvent create = awaitClientEvent("response.create");
        assertThat(create.json()).contains("\"instructions\":\"Say hi\"").contains("\"turn\":\"7\"")
                .contains(ResponseOptions.REQUEST_KEY);
    }

    @Test
    void createAudioAddsAUserAudioItem() {
        Item item = session.createAudio(TestAudio.tone(500));
        SimItem sim = server.conversation().getLast();
        assertThat(sim.id()).isEqualTo(item.id());
        assertThat(sim.role()).isEqualTo("user");
        assertThat(sim.audioMs()).isEqualTo(500);
    }

    @Test
    void appendedAudioIsCommittedAsAUserItem() {
        for (int i = 0; i < 5; i++) {
            assertThat(session.appendInputAudio(TestAudio.tone(100))).isTrue();
        }
        String itemId = session.commitInputAudio();
        assertThat(itemId).isNotBlank();
        assertThat(session.inputAudioBacklogBytes()).isZero();
        assertThat(server.conversation().getLast().id()).isEqualTo(itemId);
        assertThat(server.conversation().getLast().audioMs()).isEqualTo(500);
    }

    @Test
    void committingTooLittleAudioFailsThatCallWithTheServerError() {
        session.appendInputAudio(TestAudio.tone(40));
        assertThatThrownBy(session::commitInputAudio).isInstanceOfSatisfying(ServerErrorException.class,
                e -> assertThat(e.code()).isEqualTo("input_audio_buffer_commit_empty"));
        assertThat(session.state()).isEqualTo(SessionState.OPEN);
    }

    @Test
    void clearInputAudioEmptiesTheServerBuffer() {
        session.appendInputAudio(TestAudio.tone(300));
        session.clearInputAudio();
        assertThatThrownBy(session::commitInputAudio).isInstanceOf(ServerErrorException.class);
    }

    @Test
    void deleteItemRemovesExactlyThatItem() {
        Item a = session.user("first");
        Item b = session.user("second");
        session.deleteItem(a.id());
        assertThat(server.conversation()).extracting(SimItem::id).containsExactly(b.id());
        assertThatThrownBy(() -> session.deleteItem("item_doesnotexist")).isInstanceOf(ServerErrorException.class);
    }

    @Test
    void retrieveItemReturnsTheServersItem() {
        Item a = session.user("remember me");
        Item retrieved = session.retrieveItem(a.id());
        assertThat(retrieved.id()).isEqualTo(a.id());
        assertThat(((MessageItem) retrieved).text()).isEqualTo("remember me");
    }

    @Test
    void truncateCutsTheAssistantAudioAndRejectsPositionsBeyondIt() {
        session.user("Tell me a long story about the mountains and the rivers");
        Response r = session.response();
        String assistantId = r.output().getFirst().id();
        long heard = r.audioDuration().toMillis() / 2;
        session.truncate(assistantId, 0, heard);
        SimItem truncated = server.conversation().stream().filter(i -> i.id().equals(assistantId)).findFirst().orElseThrow();
        assertThat(truncated.audioMs()).isEqualTo(heard);
        assertThatThrownBy(() -> session.truncate(assistantId, 0, heard + 10_000)).isInstanceOf(ServerErrorException.class);
    }

    @Test
    void functionCallOutputIsAddedForAKnownCall() {
        sim.enqueue(Reply.functionCall("get_weather", "{\"city\":\"Paris\"}"));
        session.updateSession(SessionOptions.builder().tool(Tool.of("get_weather", "Weather for a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")).build());
        session.user("Weather in Paris?");
        Response r = session.response();
        assertThat(r.functionCalls()).hasSize(1);
        FunctionCall call = r.functionCalls().getFirst();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.parsedArguments()).hasValueSatisfying(m -> assertThat(m).containsEntry("city", "Paris"));
        Item output = session.functionCallOutput(call.callId(), "{\"temp_c\":18}");
        assertThat(output).isInstanceOf(FunctionCallOutputItem.class);
        assertThat(server.conversation().getLast().callId()).isEqualTo(call.callId());
        assertThatThrownBy(() -> session.functionCallOutput("call_unknown", "{}")).isInstanceOf(ServerErrorException.class);
    }

    @Test
    void appendRefusesAudioBeyondTheSendQueueBound() {
        try (TauClient small = TauClient.create(TauOptions.builder().endpoint(sim.url()).apiKey("sk-x")
                .sendQueueBytes(1000).build());
             Session s = small.connect(SessionOptions.builder().turnDetection(TurnDetection.disabled()).build())) {
            assertThat(s.appendInputAudio(new byte[2000])).as("a chunk larger than the whole queue").isFalse();
            assertThat(s.inputAudioBacklogBytes()).isZero();
            assertThat(s.appendInputAudio(new byte[800])).isTrue();
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsThrowIllegalState() {
        session.close();
        session.close();
        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
        assertThatThrownBy(() -> session.user("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void tauCreateSessionOwnsItsClient() {
        try (Session s = Tau.createSession(SessionOptions.DEFAULTS,
                TauOptions.builder().endpoint(sim.url()).apiKey("sk-x").name("solo").model("4o-mini").build())) {
            assertThat(s.name()).isEqualTo("solo");
            assertThat(s.model()).isEqualTo(Model.GPT_REALTIME_MINI);
            assertThat(s.sessionConfig().model()).isEqualTo(Model.GPT_REALTIME_MINI);
        }
    }

    private RecordedEvent awaitClientEvent(String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            RecordedEvent e = sim.takeClientEvent(Duration.ofMillis(200));
            if (e != null && e.sessionId().equals(server.id()) && e.type().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no client event " + type + " within " + WAIT);
    }

    static List<String> types(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::type).toList();
    }
}
