package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live service's behaviour where the simulator used to differ (issue 15): each test drives
 * it over a real socket.
 */
@Timeout(60)
class LiveFidelityTest {
    private static final String LONG = "This answer is long enough to be interrupted while its audio is still streaming to the client.";
    static RealtimeSimulator paced;
    static RealtimeSimulator fast;

    @BeforeAll
    static void start() {
        paced = RealtimeSimulator.builder().pace(Pace.REALTIME).start();
        fast = RealtimeSimulator.start();
    }

    @AfterAll
    static void stop() {
        paced.close();
        fast.close();
    }

    @Test
    void truncateWhileTheAudioStreamsCutsWhatWasSentAndDropsTheTranscript() throws Exception {
        try (WsClient c = WsClient.open(paced)) {
            paced.enqueue(Reply.text(LONG));
            c.send("{\"type\":\"response.create\"}");
            JsonNode firstDelta = c.until("response.output_audio.delta").getLast();
            String itemId = firstDelta.path("item_id").asText();
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + itemId + "\"}");
            JsonNode retrieved = c.until("conversation.item.retrieved").getLast();
            assertThat(retrieved.at("/item/content/0/type").asText()).isEqualTo("audio");
            assertThat(Base64.getDecoder().decode(retrieved.at("/item/content/0/audio").asText())).as("audio sent so far").isNotEmpty();
            assertThat(retrieved.at("/item/content/0/transcript").asText()).as("transcript sent so far").isNotEmpty();

            c.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + itemId + "\",\"content_index\":0,\"audio_end_ms\":40}");
            List<JsonNode> toTruncated = c.until("conversation.item.truncated");
            assertThat(toTruncated).extracting(e -> e.path("type").asText()).doesNotContain("error");
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + itemId + "\"}");
            JsonNode after = c.until("conversation.item.retrieved").getLast();
            assertThat(Base64.getDecoder().decode(after.at("/item/content/0/audio").asText())).hasSize(40 * 48);
            assertThat(after.at("/item/content/0/transcript").asText()).isEmpty();
            c.send("{\"type\":\"response.cancel\"}");
            JsonNode done = c.until("response.done").getLast();
            assertThat(done.at("/response/output/0/content/0/transcript").asText()).as("the transcript stays deleted").isEmpty();
        }
    }

    @Test
    void cancelAndTruncateInOneTickAsTheAgentsSdkInterruptSendsThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            try (WsClient c = WsClient.open(paced)) {
                paced.enqueue(Reply.text(LONG));
                c.send("{\"type\":\"response.create\"}");
                String itemId = c.until("response.output_audio.delta").getLast().path("item_id").asText();
                c.send("{\"type\":\"response.cancel\"}");
                c.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + itemId + "\",\"content_index\":0,\"audio_end_ms\":0}");
                List<JsonNode> events = new ArrayList<>();
                boolean done = false;
                boolean truncated = false;
                while (!done || !truncated) {
                    JsonNode e = c.next();
                    events.add(e);
                    done |= e.path("type").asText().equals("response.done");
                    truncated |= e.path("type").asText().equals("conversation.item.truncated");
                }
                assertThat(events).extracting(e -> e.path("type").asText()).as("try " + i).doesNotContain("error");
                JsonNode responseDone = events.stream().filter(e -> e.path("type").asText().equals("response.done")).findFirst().orElseThrow();
                assertThat(responseDone.at("/response/status").asText()).isEqualTo("cancelled");
                assertThat(responseDone.at("/response/status_details/reason").asText()).isEqualTo("client_cancelled");
            }
        }
    }

    @Test
    void voiceCannotChangeOnceAssistantAudioIsPresentAndTheWholeUpdateIsDiscarded() throws Exception {
        try (WsClient c = WsClient.open(fast)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":\"marin\"}}}}");
            assertThat(c.until("session.updated").getLast().at("/session/audio/output/voice").asText()).isEqualTo("marin");
            c.send("{\"type\":\"response.create\"}");
            c.until("response.done");
            c.send("{\"type\":\"session.update\",\"event_id\":\"ev_voice\",\"session\":{\"type\":\"realtime\",\"instructions\":\"Be brief.\","
                    + "\"tools\":[{\"type\":\"function\",\"name\":\"t\"}],\"audio\":{\"output\":{\"voice\":\"cedar\"}}}}");
            JsonNode e = c.until("error").getLast();
            assertThat(e.at("/error/code").asText()).isEqualTo("cannot_update_voice");
            assertThat(e.at("/error/message").asText()).isEqualTo("Cannot update a conversation's voice if assistant audio is present.");
            assertThat(e.at("/error/event_id").asText()).isEqualTo("ev_voice");
            SimulatedSession s = fast.sessions().getLast();
            assertThat(s.configJson()).doesNotContain("Be brief.").doesNotContain("cedar").contains("\"voice\":\"marin\"");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"Be brief.\",\"audio\":{\"output\":{\"voice\":\"marin\"}}}}");
            assertThat(c.next().at("/session/instructions").asText()).as("the same voice is no change").isEqualTo("Be brief.");
        }
    }

    @Test
    void pacedAheadStreamsFasterThanPlaybackButNotAllAtOnce() throws Exception {
        try (RealtimeSimulator ahead = RealtimeSimulator.builder().pace(Pace.ahead(2, 4)).start(); WsClient c = WsClient.open(ahead)) {
            String text = LONG + " " + LONG;   // about 12 s of audio
            ahead.enqueue(Reply.text(text));
            long t0 = System.nanoTime();
            c.send("{\"type\":\"response.create\"}");
            List<JsonNode> events = c.until("response.done");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long audioMs = events.stream().filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                    .mapToLong(e -> Base64.getDecoder().decode(e.path("delta").asText()).length / 48).sum();
            assertThat(audioMs).isGreaterThan(10_000);
            assertThat(elapsedMs).as("no faster than 4x playback").isGreaterThanOrEqualTo(audioMs / 4 - 100);
            assertThat(elapsedMs).as("ahead of playback").isLessThan(audioMs);
        }
    }

    @Test
    void paceParsesEveryCliForm() {
        assertThat(Pace.parse("fast")).isEqualTo(Pace.FAST);
        assertThat(Pace.parse("realtime")).isEqualTo(Pace.REALTIME);
        assertThat(Pace.parse("ahead")).isEqualTo(Pace.AHEAD).isEqualTo(Pace.ahead(2, 4));
        assertThat(Pace.parse("1.5x")).isEqualTo(Pace.realtime(1.5));
        assertThat(Pace.parse("2-3x")).isEqualTo(Pace.ahead(2, 3));
        for (Pace p : List.of(Pace.FAST, Pace.REALTIME, Pace.AHEAD, Pace.realtime(1.5), Pace.ahead(2, 3))) {
            assertThat(Pace.parse(p.toString())).isEqualTo(p);
        }
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Pace.parse("3-2x"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Pace.parse("slow"));
    }

    @Test
    void maxOutputTokensEndsTheResponseIncomplete() throws Exception {
        try (WsClient c = WsClient.open(fast)) {
            fast.enqueue(Reply.text(LONG));
            c.send("{\"type\":\"response.create\",\"response\":{\"max_output_tokens\":30}}");
            JsonNode done = c.until("response.done").getLast().path("response");
            assertThat(done.path("status").asText()).isEqualTo("incomplete");
            assertThat(done.at("/status_details/type").asText()).isEqualTo("incomplete");
            assertThat(done.at("/status_details/reason").asText()).isEqualTo("max_output_tokens");
            assertThat(done.at("/output/0/status").asText()).isEqualTo("incomplete");
            assertThat(done.at("/usage/output_tokens").asInt()).isBetween(1, 30);
            assertThat(done.at("/output/0/content/0/transcript").asText()).isNotEmpty().isNotEqualTo(LONG);

            fast.enqueue(Reply.text(LONG));
            c.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\"text\"],\"max_output_tokens\":5}}");
            JsonNode text = c.until("response.done").getLast().path("response");
            assertThat(text.path("status").asText()).isEqualTo("incomplete");
            assertThat(text.at("/usage/output_tokens").asInt()).isBetween(1, 5);
            assertThat(text.at("/output/0/content/0/text").asText()).hasSizeLessThanOrEqualTo(20);
        }
    }

    @Test
    void unknownItemIdsGetTheLiveWording() throws Exception {
        try (WsClient c = WsClient.open(fast)) {
            for (String type : List.of("conversation.item.retrieve", "conversation.item.delete")) {
                c.send("{\"type\":\"" + type + "\",\"item_id\":\"item_nope\"}");
                JsonNode e = c.until("error").getLast();
                assertThat(e.at("/error/message").asText()).isEqualTo("Item with item_id not found: item_nope");
                assertThat(e.at("/error/param").asText()).isEqualTo("item_id");
            }
            c.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_nope\",\"content_index\":0,\"audio_end_ms\":0}");
            JsonNode e = c.until("error").getLast();
            assertThat(e.at("/error/message").asText()).isEqualTo("Item with item_id not found: item_nope");
            assertThat(e.at("/error/code").asText()).isEqualTo("invalid_value");
        }
    }

    @Test
    void serverPingsEveryIntervalAndTheSessionStaysUsable() throws Exception {
        try (RealtimeSimulator pinging = RealtimeSimulator.builder().pingInterval(Duration.ofMillis(100)).start();
                WsClient c = WsClient.open(pinging)) {
            for (int i = 0; i < 2; i++) {
                ByteBuffer ping = c.pings.poll(5, TimeUnit.SECONDS);
                assertThat(ping).as("ping " + i).isNotNull();
                assertThat(StandardCharsets.US_ASCII.decode(ping).toString()).hasSize(4);
            }
            c.send(SimulatorProtocolTest.userText("still there?"));
            assertThat(c.until("conversation.item.done")).isNotEmpty();
        }
    }

    @Test
    void noKeyIsNeededUnlessOneIsRequired() throws Exception {
        try (WsClient c = WsClient.connect(fast, "?model=gpt-realtime", null, false)) {
            assertThat(c.next().path("type").asText()).isEqualTo("session.created");
        }
        try (RealtimeSimulator keyed = RealtimeSimulator.builder().requiredApiKey("sk-right").start();
                WsClient c = WsClient.connect(keyed, "?model=gpt-realtime", "Bearer sk-wrong-key-1234", false)) {
            JsonNode e = c.next();
            assertThat(e.at("/error/code").asText()).isEqualTo("invalid_api_key");
            assertThat(e.at("/error/message").asText()).startsWith("Incorrect API key provided: sk-wrong***1234.");
            assertThat(c.closeCode()).isEqualTo(3000);
        }
    }

    @Test
    void cosmeticsFollowTheWire() throws Exception {
        try (WsClient c = WsClient.connect(fast, "?model=gpt-realtime", null, false)) {
            assertThat(c.next().at("/session/instructions").asText()).endsWith("even if you\u2019re asked about them.")
                    .contains("you aren't a human");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"audio\",\"text\"]}}");
            JsonNode e = c.until("error").getLast();
            assertThat(e.at("/error/message").asText()).isEqualTo("Invalid modalities: ['audio', 'text']. Supported combinations are: ['text'] and ['audio'].");
            assertThat(e.at("/error/param").asText()).isEqualTo("session.output_modalities");
            c.send("{\"type\":\"response.create\"}");
            String itemId = c.until("response.done").getLast().at("/response/output/0/id").asText();
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + itemId + "\"}");
            JsonNode part = c.until("conversation.item.retrieved").getLast().at("/item/content/0");
            assertThat(part.path("type").asText()).isEqualTo("audio");
            assertThat(part.path("format").asText()).isEqualTo("pcm16");
        }
    }

    @Test
    void recordingIsBoundedAndCanBeOff() throws Exception {
        try (RealtimeSimulator off = RealtimeSimulator.builder().recording(0).start(); WsClient c = WsClient.open(off)) {
            c.send(SimulatorBehaviourTest.append(SimAudio.speech(Duration.ofMillis(200))));
            c.send(SimulatorProtocolTest.userText("hi"));
            c.until("conversation.item.done");
            SimulatedSession s = off.sessions().getLast();
            assertThat(s.clientEvents()).isEmpty();
            assertThat(s.inputAudio()).isEmpty();
            assertThat(off.takeClientEvent(Duration.ofMillis(10))).isNull();
        }
        try (RealtimeSimulator small = RealtimeSimulator.builder().recording(2).start(); WsClient c = WsClient.open(small)) {
            for (String t : List.of("one", "two", "three")) {
                c.send(SimulatorProtocolTest.userText(t));
                c.until("conversation.item.done");
            }
            SimulatedSession s = small.sessions().getLast();
            assertThat(s.clientEvents()).hasSize(2).allSatisfy(r -> assertThat(r.json()).doesNotContain("\"one\""));
            assertThat(small.takeClientEvent(Duration.ofSeconds(1)).json()).contains("two");
        }
    }
}
