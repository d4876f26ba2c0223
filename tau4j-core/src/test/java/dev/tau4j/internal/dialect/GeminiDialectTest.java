package dev.tau4j.internal.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.ConnectionClosedException;
import dev.tau4j.InputTranscription;
import dev.tau4j.ProtocolException;
import dev.tau4j.ResponseOptions;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauException;
import dev.tau4j.Tool;
import dev.tau4j.TurnDetection;
import dev.tau4j.Voice;
import dev.tau4j.event.ContentPart;
import dev.tau4j.event.ConversationItemCreate;
import dev.tau4j.event.FunctionCallItem;
import dev.tau4j.event.FunctionCallOutputItem;
import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.event.InputAudioBufferSpeechStarted;
import dev.tau4j.event.MessageItem;
import dev.tau4j.event.ResponseCreate;
import dev.tau4j.event.ResponseDone;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.event.SessionUpdate;
import dev.tau4j.event.SessionUpdated;
import dev.tau4j.event.UnknownEvent;
import dev.tau4j.event.Usage;
import dev.tau4j.internal.codec.Json;
import dev.tau4j.internal.codec.OptionsJson;
import dev.tau4j.internal.codec.UsageCodec;
import dev.tau4j.internal.transport.Transport;
import dev.tau4j.recovery.ReconnectPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Gemini Live dialect on its own: the setup it writes, and the real and documented Gemini
 * frames of the captures read as GA events (protocol.md §6).
 */
@Timeout(30)
class GeminiDialectTest {

    private static final String MODEL = "gemini-2.5-flash-native-audio-preview-12-2025";

    /** What a connection's dialect hands to its wire besides decoded events. */
    static final class Link implements Dialect.Link {
        final List<ServerEvent> local = new CopyOnWriteArrayList<>();
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Duration> goAways = new CopyOnWriteArrayList<>();

        @Override
        public void local(ServerEvent event) {
            local.add(event);
        }

        @Override
        public void send(String frame) {
            sent.add(frame);
        }

        @Override
        public void goAway(Duration timeLeft) {
            goAways.add(timeLeft);
        }
    }

    private final Link link = new Link();
    private final GeminiDialect session = (GeminiDialect) new GeminiDialect("gemini", "x-goog-api-key", "", null).forSession(MODEL);
    private final GeminiConnection connection = (GeminiConnection) session.newConnection(link);

    private static Path captures() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("../shared/reference/captures"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("/work/shared/reference/captures") : p.resolve("../shared/reference/captures").normalize();
    }

    private List<ServerEvent> decode(String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        List<ServerEvent> events = new ArrayList<>();
        for (ServerEvent e = connection.decode(utf8, 0, utf8.length); e != null; e = connection.next()) {
            events.add(e);
        }
        return events;
    }

    private JsonNode setup(SessionOptions options) throws IOException {
        return Json.MAPPER.readTree(connection.encode(new SessionUpdate("e1", OptionsJson.session(options)))).get("setup");
    }

    @Test
    void theSetupCarriesModelVoiceInstructionsToolsActivityDetectionTranscriptionResumptionAndCompression() throws Exception {
        assertThat(link.local).as("Gemini says nothing before the setup: session.created is made up")
                .singleElement().extracting(ServerEvent::type).isEqualTo("session.created");
        JsonNode setup = setup(SessionOptions.builder().instructions("Be brief.").voice(Voice.of("Kore"))
                .turnDetection(TurnDetection.serverVad().withSilenceDurationMs(700))
                .tool(Tool.of("get_weather", "Weather in a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
                .build());
        assertThat(setup.get("model").asText()).isEqualTo("models/" + MODEL);
        assertThat(setup.at("/generationConfig/responseModalities/0").asText()).isEqualTo("AUDIO");
        assertThat(setup.at("/generationConfig/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName").asText()).isEqualTo("Kore");
        assertThat(setup.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(setup.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("get_weather");
        assertThat(setup.at("/tools/0/functionDeclarations/0/parametersJsonSchema/properties/city/type").asText())
                .isEqualTo("string");
        assertThat(setup.at("/realtimeInputConfig/automaticActivityDetection/silenceDurationMs").asInt()).isEqualTo(700);
        assertThat(setup.has("outputAudioTranscription")).isTrue();
        assertThat(setup.get("sessionResumption").has("handle")).as("no handle yet").isFalse();
        assertThat(setup.has("contextWindowCompression")).isTrue();
        assertThat(decode("{\"setupComplete\":{}}")).singleElement().isInstanceOf(SessionUpdated.class)
                .satisfies(e -> assertThat(((SessionUpdated) e).session().instructions()).isEqualTo("Be brief."));
        assertThat(connection.resumed()).isFalse();
    }

    @Test
    void aSecondConnectionOffersTheLatestHandleAndSaysItResumedOnceTheServerAccepts() throws Exception {
        setup(SessionOptions.DEFAULTS);
        decode("{\"setupComplete\":{}}");
        decode("{\"sessionResumptionUpdate\":{\"newHandle\":\"h-1\",\"resumable\":true}}");
        decode("{\"sessionResumptionUpdate\":{\"newHandle\":\"\",\"resumable\":false}}");
        Link second = new Link();
        GeminiConnection next = (GeminiConnection) session.newConnection(second);
        JsonNode setup = Json.MAPPER.readTree(next.encode(new SessionUpdate("e2", OptionsJson.session(SessionOptions.DEFAULTS))));
        assertThat(setup.at("/setup/sessionResumption/handle").asText()).as("the last resumable handle").isEqualTo("h-1");
        assertThat(next.closeFailure(1007, "Invalid resumption handle").isRetryable())
                .as("a refused handle is retried, by replay").isTrue();
        assertThat(session.handle()).as("a refused handle is not offered again").isNull();
    }

    @Test
    void theRealPhoneCallReadsAsResponsesWhoseUsageSumsToEveryTurnsUsage() throws Exception {
        setup(SessionOptions.builder().inputTranscription(InputTranscription.of("whisper-1")).build());
        connection.encode(new ResponseCreate("e2", OptionsJson.response(ResponseOptions.DEFAULTS, "req-1")));
        List<ServerEvent> events = new ArrayList<>();
        Usage billed = Usage.ZERO;
        for (String line : Files.readAllLines(captures().resolve("gemini_live_phone_call_via_voximplant_connector.jsonl"))) {
            JsonNode row = Json.MAPPER.readTree(line);
            JsonNode event = row.get("event");
            if (!"server".equals(row.path("dir").asText()) || event.fieldNames().next().startsWith("_")) {
                continue;
            }
            if (event.has("usageMetadata")) {
                billed = billed.plus(UsageCodec.geminiUsage(event.get("usageMetadata")));
            }
            events.addAll(decode(event.toString()));
        }
        List<ResponseDone> done = events.stream().filter(ResponseDone.class::isInstance).map(ResponseDone.class::cast).toList();
        assertThat(done).hasSizeGreaterThanOrEqualTo(5);
        assertThat(done.getFirst().response().metadata()).containsEntry("tau4j_request", "req-1");
        Usage reported = done.stream().map(d -> d.response().usage() == null ? Usage.ZERO : d.response().usage())
                .reduce(Usage.ZERO, Usage::plus);
        assertThat(reported).as("summing the responses equals summing the turns: the bill").isEqualTo(billed);
        assertThat(done).anySatisfy(d -> assertThat(d.response().output()).anySatisfy(i -> {
            assertThat(i).isInstanceOf(FunctionCallItem.class);
            assertThat(((FunctionCallItem) i).callId()).isEqualTo("function-call-3612806999080839515");
            assertThat(((FunctionCallItem) i).name()).isEqualTo("save_call_summary");
        }));
        assertThat(done).anySatisfy(d -> {
            assertThat(d.response().status()).isEqualTo("cancelled");
            assertThat(d.response().statusDetails().reason()).isEqualTo("turn_detected");
        });
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(InputAudioBufferSpeechStarted.class));
        String firstSaid = events.stream().takeWhile(e -> !(e instanceof ResponseDone))
                .filter(ResponseOutputAudioTranscriptDelta.class::isInstance)
                .map(e -> ((ResponseOutputAudioTranscriptDelta) e).delta()).reduce("", String::concat);
        assertThat(firstSaid).startsWith("Здравствуйте! Меня зовут Екатерина");
    }

    @Test
    void theSdkFixturesReadWithoutErrorsAndCarryGoAwayHandlesAndUnknownSignals() throws Exception {
        setup(SessionOptions.DEFAULTS);
        List<ServerEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(captures().resolve("gemini_sdk_fixtures_python_genai_handwritten.jsonl"))) {
            JsonNode row = Json.MAPPER.readTree(line);
            events.addAll(decode(row.get("event").toString()));
        }
        assertThat(link.goAways).containsExactly(Duration.ofSeconds(10));
        assertThat(session.handle()).as("resumable given as the string \"true\"").isEqualTo("test_handle");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(UnknownEvent.class,
                u -> assertThat(u.type()).isEqualTo("voiceActivityDetectionSignal")));
        assertThat(events).filteredOn(ResponseDone.class::isInstance).anySatisfy(d -> assertThat(((ResponseDone) d)
                .response().output()).anySatisfy(i -> assertThat(i).isInstanceOfSatisfying(FunctionCallItem.class,
                f -> assertThat(f.callId()).isNotBlank())));
    }

    @Test
    void theOutputOfACallTheServerCancelledIsNotSent() throws Exception {
        setup(SessionOptions.DEFAULTS);
        decode("{\"toolCall\":{\"functionCalls\":[{\"id\":\"fc-9\",\"name\":\"slow\",\"args\":{}}]}}");
        decode("{\"serverContent\":{\"interrupted\":true}}");
        decode("{\"toolCallCancellation\":{\"ids\":[\"fc-9\"]}}");
        link.local.clear();
        assertThat(connection.encode(new ConversationItemCreate("e2", null,
                new FunctionCallOutputItem("item_9", null, "fc-9", "{\"done\":true}")))).isNull();
        assertThat(link.local).as("the item is still confirmed to the engine").extracting(ServerEvent::type)
                .containsExactly("conversation.item.added", "conversation.item.done");
    }

    @Test
    void closeCodesMapToTheExceptionTreeAndACloseAfterGoAwayIsRetried() throws Exception {
        setup(SessionOptions.DEFAULTS);
        ConnectionClosedException key = (ConnectionClosedException) connection.closeFailure(1008,
                "API key not valid. Please pass a valid API key.");
        assertThat(key.isAuthenticationFailure()).isTrue();
        assertThat(ReconnectPolicy.isRetryableByDefault(key)).isFalse();
        assertThat(key.getMessage()).startsWith("gemini: ").contains("GEMINI_API_KEY").doesNotContain("\n");
        TauException model = connection.closeFailure(1008, "models/x is not found for API version v1beta");
        assertThat(ReconnectPolicy.isRetryableByDefault(model)).isFalse();
        assertThat(model.getMessage()).contains("check the model name");
        assertThat(ReconnectPolicy.isRetryableByDefault(connection.closeFailure(1007, "Request contains an invalid argument.")))
                .isFalse();
        assertThat(ReconnectPolicy.isRetryableByDefault(connection.closeFailure(1011, "Internal error occurred."))).isTrue();
        assertThat(ReconnectPolicy.isRetryableByDefault(connection.closeFailure(1000, ""))).isFalse();
        decode("{\"goAway\":{\"timeLeft\":\"50s\"}}");
        assertThat(link.goAways).containsExactly(Duration.ofSeconds(50));
        assertThat(ReconnectPolicy.isRetryableByDefault(connection.closeFailure(1000, "")))
                .as("the server said it would end the connection: whatever the code, reconnect").isTrue();
    }

    @Test
    void malformedFramesAreProtocolErrors() throws Exception {
        setup(SessionOptions.DEFAULTS);
        assertThatThrownBy(() -> decode("{\"serverContent\":")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> decode("[1,2]")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> decode("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"data\":\"%%\"}}]}}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> decode("{\"toolCall\":{\"functionCalls\":7}}")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void itemsToolOutputsAndAudioAreWrittenAsGeminiMessages() throws Exception {
        setup(SessionOptions.DEFAULTS);
        link.local.clear();
        JsonNode user = Json.MAPPER.readTree(connection.encode(new ConversationItemCreate("e2", null,
                new MessageItem("item_1", "user", null, List.of(ContentPart.inputText("Hi"))))));
        assertThat(user.toString()).isEqualTo("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
                + "\"turnComplete\":false}}");
        assertThat(link.local).extracting(ServerEvent::type).containsExactly("conversation.item.added", "conversation.item.done");
        assertThat(connection.encode(new ResponseCreate("e3", OptionsJson.response(ResponseOptions.DEFAULTS, "r1"))))
                .isEqualTo("{\"clientContent\":{\"turnComplete\":true}}");

        decode("{\"toolCall\":{\"functionCalls\":[{\"id\":\"fc-1\",\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}]}}");
        JsonNode output = Json.MAPPER.readTree(connection.encode(new ConversationItemCreate("e4", null,
                new FunctionCallOutputItem("item_2", null, "fc-1", "{\"tempC\":18}"))));
        assertThat(output.toString()).isEqualTo("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"fc-1\","
                + "\"name\":\"get_weather\",\"response\":{\"output\":{\"tempC\":18}}}]}}");
        assertThat(connection.encode(new ResponseCreate("e5", OptionsJson.response(ResponseOptions.DEFAULTS, "r2"))))
                .as("the model goes on by itself after a tool response: nothing more to send").isNull();

        byte[] at24k = new byte[4800];   // 100 ms
        Transport.Payload p = connection.encodeFast(new InputAudioBufferAppend(null, at24k));
        byte[] frame = new byte[p.length()];
        p.writeTo(frame, 0);
        JsonNode audio = Json.MAPPER.readTree(frame);
        assertThat(audio.at("/realtimeInput/audio/mimeType").asText()).isEqualTo("audio/pcm;rate=16000");
        assertThat(Base64.getDecoder().decode(audio.at("/realtimeInput/audio/data").asText()).length)
                .as("100 ms at 16 kHz, less what the resampler's filter holds back").isBetween(2800, 3200);
    }
}
