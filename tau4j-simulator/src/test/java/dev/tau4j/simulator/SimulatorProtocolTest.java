package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimulatorProtocolTest {
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.builder().requiredApiKey("sk-test").start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String userText(String text) {
        return "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\""
                + text + "\"}]}}";
    }

    @Test
    void sessionCreatedCarriesTheFullDefaultGaSession() throws Exception {
        try (WsClient c = WsClient.connect(sim, "?model=gpt-realtime")) {
            JsonNode e = c.next();
            assertThat(e.path("type").asText()).isEqualTo("session.created");
            assertThat(e.path("event_id").asText()).matches("event_[0-9A-Za-z]{21}");
            JsonNode s = e.path("session");
            assertThat(s.path("id").asText()).matches("sess_[0-9A-Za-z]{21}");
            assertThat(s.path("model").asText()).isEqualTo("gpt-realtime");
            assertThat(s.path("output_modalities").toString()).isEqualTo("[\"audio\"]");
            assertThat(s.at("/audio/input/format/rate").asInt()).isEqualTo(24000);
            assertThat(s.at("/audio/input/turn_detection/silence_duration_ms").asInt()).isEqualTo(200);
            assertThat(s.at("/audio/output/voice").asText()).isEqualTo("alloy");
            assertThat(s.has("truncation") && s.has("prompt") && s.has("include") && s.has("tracing")).isTrue();
        }
    }

    @Test
    void textItemAndResponseFollowTheGaOrder() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send(userText("Say hello"));
            assertThat(c.typesUntil("conversation.item.done")).containsExactly("conversation.item.added", "conversation.item.done");
            c.send("{\"type\":\"response.create\"}");
            List<JsonNode> events = c.until("rate_limits.updated");
            List<String> types = events.stream().map(e -> e.path("type").asText()).distinct().toList();
            assertThat(types).containsExactly("response.created", "response.output_item.added", "conversation.item.added",
                    "response.content_part.added", "response.output_audio_transcript.delta", "response.output_audio.delta",
                    "response.output_audio.done", "response.output_audio_transcript.done", "response.content_part.done",
                    "conversation.item.done", "response.output_item.done", "response.done", "rate_limits.updated");
            JsonNode done = events.get(events.size() - 2).path("response");
            assertThat(done.path("status").asText()).isEqualTo("completed");
            String transcript = done.at("/output/0/content/0/transcript").asText();
            assertThat(transcript).isEqualTo("You said: Say hello");
            assertThat(done.at("/output/0/content/0/type").asText()).isEqualTo("output_audio");
            assertThat(done.at("/output/0").has("object")).isFalse();
            int audioBytes = events.stream().filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                    .mapToInt(e -> Base64.getDecoder().decode(e.path("delta").asText()).length).sum();
            assertThat(audioBytes).isEqualTo(SimAudio.bytesFor(SimAudio.spokenMs(transcript)));
            assertThat(done.at("/usage/output_token_details/audio_tokens").asInt()).isEqualTo(audioBytes / 48 / 50);
            assertThat(events.stream().filter(e -> e.path("type").asText().endsWith("transcript.delta")))
                    .allMatch(e -> e.hasNonNull("obfuscation"));
            assertThat(events.get(events.size() - 1).path("rate_limits").size()).isEqualTo(1);
        }
    }

    @Test
    void textModalityStreamsOutputText() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}}");
            assertThat(c.next().at("/session/output_modalities/0").asText()).isEqualTo("text");
            sim.enqueue(Reply.text("Hi there, friend!"));
            c.send("{\"type\":\"response.create\"}");
            List<JsonNode> events = c.until("response.done");
            assertThat(events).extracting(e -> e.path("type").asText()).contains("response.output_text.delta", "response.output_text.done")
                    .doesNotContain("response.output_audio.delta");
            assertThat(events.get(events.size() - 1).at("/response/output/0/content/0/text").asText()).isEqualTo("Hi there, friend!");
            assertThat(events.get(events.size() - 1).at("/response/usage/output_token_details/audio_tokens").asInt()).isZero();
        }
    }

    @Test
    void secondResponseReportsCachedTokensInMultiplesOf64() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"" + "x".repeat(600) + "\"}}");
            c.until("session.updated");
            c.send("{\"type\":\"response.create\"}");
            JsonNode first = c.until("response.done").getLast().path("response").path("usage");
            c.send("{\"type\":\"response.create\"}");
            JsonNode second = c.until("response.done").getLast().path("response").path("usage");
            assertThat(first.at("/input_token_details/cached_tokens").asInt()).isZero();
            int cached = second.at("/input_token_details/cached_tokens").asInt();
            assertThat(cached).isPositive().isEqualTo(cached / 64 * 64);
            assertThat(second.path("total_tokens").asInt()).isEqualTo(second.path("input_tokens").asInt() + second.path("output_tokens").asInt());
        }
    }

    @Test
    void nonFatalErrorsCarryCodesAndTheClientEventId() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"nope\",\"event_id\":\"cli_1\"}");
            JsonNode e = c.next().path("error");
            assertThat(e.path("code").asText()).isEqualTo("invalid_value");
            assertThat(e.path("event_id").asText()).isEqualTo("cli_1");
            assertThat(e.path("message").asText()).startsWith("Invalid value: 'nope'. Supported values are: 'session.update', 'session.close',")
                    .endsWith("'response.create', and 'response.cancel'.");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"bogus_field\":1}}");
            e = c.next().path("error");
            assertThat(e.path("code").asText()).isEqualTo("unknown_parameter");
            assertThat(e.path("param").asText()).isEqualTo("session.bogus_field");
            assertThat(e.path("message").asText()).isEqualTo("Unknown parameter: 'session.bogus_field'.");
            c.send("not json");
            assertThat(c.next().at("/error/code").asText()).isEqualTo("invalid_json");
            c.sendBinary(new byte[64]);
            e = c.next().path("error");
            assertThat(e.path("code").asText()).isEqualTo("invalid_event");
            assertThat(e.path("message").asText()).isEqualTo("Expected a text WebSocket message; binary frames are not supported.");
            c.send("{\"type\":\"session.update\",\"event_id\":\"cli_2\",\"session\":{\"type\":\"realtime\",\"instructions\":\"changed\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":16000}}}}}");
            e = c.next().path("error");
            assertThat(e.path("code").asText()).isEqualTo("integer_below_min_value");
            assertThat(e.path("param").asText()).isEqualTo("session.audio.input.format.rate");
            assertThat(e.path("message").asText()).contains("Expected a value >= 24000");
            assertThat(e.path("event_id").asText()).isEqualTo("cli_2");
            c.send("{\"type\":\"session.update\",\"session\":{\"instructions\":\"x\"}}");
            assertThat(c.next().at("/error/param").asText()).isEqualTo("session.type");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":\"robot\"}}}}");
            assertThat(c.next().at("/error/code").asText()).isEqualTo("invalid_value");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":\"marin\"}}}}");
            JsonNode s = c.next().path("session");
            assertThat(s.at("/audio/output/voice").asText()).isEqualTo("marin");
            assertThat(s.path("instructions").asText()).as("failed update discarded").isNotEqualTo("changed");
        }
    }

    @Test
    void itemOperationsCreateRetrieveDeleteAndValidate() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"conversation.item.create\",\"event_id\":\"e1\",\"item\":{\"id\":\"" + "a".repeat(39)
                    + "\",\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}}");
            JsonNode err = c.next().path("error");
            assertThat(err.path("message").asText()).isEqualTo(
                    "Invalid 'item.id': string too long. Expected a string with maximum length 32, but got a string with length 39 instead.");
            assertThat(err.path("event_id").asText()).isEqualTo("e1");
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"my_item\",\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"one\"}]}}");
            assertThat(c.next().at("/item/id").asText()).isEqualTo("my_item");
            c.next();
            c.send("{\"type\":\"conversation.item.create\",\"previous_item_id\":\"root\",\"item\":{\"type\":\"message\",\"role\":\"system\",\"content\":[{\"type\":\"input_text\",\"text\":\"zero\"}]}}");
            JsonNode added = c.next();
            assertThat(added.path("previous_item_id").isNull()).isTrue();
            assertThat(added.at("/item/id").asText()).matches("item_[0-9A-Za-z]{21}");
            c.next();
            c.send("{\"type\":\"conversation.item.create\",\"previous_item_id\":\"ghost\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":[]}}");
            assertThat(c.next().path("type").asText()).isEqualTo("error");
            c.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"my_item\"}");
            JsonNode r = c.next();
            assertThat(r.path("type").asText()).isEqualTo("conversation.item.retrieved");
            assertThat(r.at("/item/content/0/text").asText()).isEqualTo("one");
            c.send("{\"type\":\"conversation.item.delete\",\"item_id\":\"my_item\"}");
            assertThat(c.next().path("item_id").asText()).isEqualTo("my_item");
            c.send("{\"type\":\"conversation.item.delete\",\"item_id\":\"my_item\"}");
            assertThat(c.next().path("type").asText()).isEqualTo("error");
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\"call_nope\",\"output\":\"x\"}}");
            assertThat(c.next().at("/error/param").asText()).isEqualTo("item.call_id");
        }
    }

    @Test
    void truncateTrimsAssistantAudioAndRejectsTooLongCuts() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            sim.enqueue(Reply.text("This is a fairly long answer to truncate."));
            c.send("{\"type\":\"response.create\"}");
            JsonNode done = c.until("response.done").getLast();
            String itemId = done.at("/response/output/0/id").asText();
            c.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + itemId + "\",\"content_index\":0,\"audio_end_ms\":999999}");
            assertThat(c.until("error").getLast().at("/error/message").asText()).matches("Audio content of \\d+ms is already shorter than 999999ms");
            c.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + itemId + "\",\"content_index\":0,\"audio_end_ms\":500}");
            // rate_limits.updated, the response's tail, may still come first.
            JsonNode t = c.until("conversation.item.truncated").getLast();
            assertThat(t.path("audio_end_ms").asInt()).isEqualTo(500);
            SimItem item = sim.sessions().getLast().conversation().getLast();
            assertThat(item.audioMs()).isEqualTo(500);
            assertThat(item.text()).as("the live service deletes the transcript of truncated audio").isEmpty();
        }
    }

    @Test
    void secondInConversationResponseIsRejectedButOutOfBandRunsConcurrentlyAndInterleaves() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"response.create\",\"response\":{\"conversation\":\"none\",\"metadata\":{\"topic\":\"a\"},\"output_modalities\":[\"text\"],\"input\":[]}}");
            c.send("{\"type\":\"response.create\",\"response\":{\"conversation\":\"none\",\"metadata\":{\"topic\":\"b\"},\"output_modalities\":[\"text\"],\"input\":[]}}");
            c.send("{\"type\":\"response.create\"}");
            c.send("{\"type\":\"response.create\",\"event_id\":\"dup\"}");
            List<JsonNode> events = new java.util.ArrayList<>();
            int done = 0;
            JsonNode error = null;
            while (done < 3) {
                JsonNode e = c.next();
                events.add(e);
                if (e.path("type").asText().equals("response.done")) {
                    done++;
                }
                if (e.path("type").asText().equals("error")) {
                    error = e;
                }
            }
            assertThat(error).isNotNull();
            assertThat(error.at("/error/code").asText()).isEqualTo("conversation_already_has_active_response");
            assertThat(error.at("/error/message").asText()).matches(
                    "Conversation already has an active response in progress: resp_\\w{21}\\. Wait until the response is finished before creating a new one\\.");
            List<String> responseIds = events.stream().filter(e -> e.has("response_id")).map(e -> e.path("response_id").asText()).toList();
            int switches = 0;
            for (int i = 1; i < responseIds.size(); i++) {
                if (!responseIds.get(i).equals(responseIds.get(i - 1))) {
                    switches++;
                }
            }
            assertThat(switches).as("events of concurrent responses interleave").isGreaterThan(3);
            List<JsonNode> oob = events.stream().filter(e -> e.path("type").asText().equals("response.done"))
                    .filter(e -> e.at("/response/conversation_id").isNull()).toList();
            assertThat(oob).hasSize(2);
            assertThat(oob).extracting(e -> e.at("/response/metadata/topic").asText()).containsExactlyInAnyOrder("a", "b");
            assertThat(oob.get(0).at("/response/output/0/content/0/text").asText()).isEqualTo("Hello! How can I help you today?");
        }
    }

    @Test
    void cancelEndsTheResponseWithPartialDataOrErrorsWhenIdle() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"response.cancel\",\"event_id\":\"c0\"}");
            JsonNode err = c.next().path("error");
            assertThat(err.path("code").asText()).isEqualTo("response_cancel_not_active");
            assertThat(err.path("message").asText()).isEqualTo("Cancellation failed: no active response found");
            assertThat(err.path("event_id").asText()).isEqualTo("c0");
            sim.enqueue(Reply.text("A long story ".repeat(20)));
            // At fast pace the response could finish before the cancel arrives: pace this connection's events.
            sim.sessions().getLast().inject(Fault.delayEach(java.time.Duration.ofMillis(5)));
            c.send("{\"type\":\"response.create\"}");
            c.until("response.output_audio.delta");
            c.send("{\"type\":\"response.cancel\"}");
            List<JsonNode> tail = c.until("response.done");
            JsonNode done = tail.getLast().path("response");
            assertThat(done.path("status").asText()).isEqualTo("cancelled");
            assertThat(done.at("/status_details/reason").asText()).isEqualTo("client_cancelled");
            assertThat(done.at("/output/0/status").asText()).isEqualTo("incomplete");
            assertThat(tail).extracting(e -> e.path("type").asText()).contains("response.output_audio.done", "response.content_part.done",
                    "conversation.item.done", "response.output_item.done");
            assertThat(done.at("/output/0/content/0/transcript").asText().length()).isLessThan(("A long story ".repeat(20)).length());
        }
    }

    @Test
    void manualCommitTooShortFailsAndEnoughAudioBecomesAUserItem() throws Exception {
        try (WsClient c = WsClient.open(sim)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":null}}}}");
            c.until("session.updated");
            c.send("{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"k1\"}");
            JsonNode err = c.next().path("error");
            assertThat(err.path("code").asText()).isEqualTo("input_audio_buffer_commit_empty");
            assertThat(err.path("message").asText()).isEqualTo(
                    "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio.");
            assertThat(err.path("event_id").asText()).isEqualTo("k1");
            byte[] pcm = SimAudio.speech(Duration.ofMillis(600));
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}");
            c.send("{\"type\":\"input_audio_buffer.commit\"}");
            List<JsonNode> ev = c.until("conversation.item.done");
            assertThat(ev).extracting(e -> e.path("type").asText()).containsExactly("input_audio_buffer.committed", "conversation.item.added", "conversation.item.done");
            assertThat(ev.getLast().at("/item/content/0/type").asText()).isEqualTo("input_audio");
            assertThat(ev.getLast().at("/item/content/0/transcript").isNull()).isTrue();
            assertThat(c.silentFor(200)).as("no automatic response without VAD").isTrue();
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}");
            c.send("{\"type\":\"input_audio_buffer.clear\"}");
            assertThat(c.next().path("type").asText()).isEqualTo("input_audio_buffer.cleared");
            SimulatedSession s = sim.sessions().getLast();
            assertThat(s.inputAudio()).hasSize(pcm.length * 2);
        }
    }
}
