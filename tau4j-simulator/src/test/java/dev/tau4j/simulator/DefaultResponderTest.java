package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The default responder's documented rule for calling tools, and the README's weather example over a socket. */
@Timeout(30)
class DefaultResponderTest {
    /** The schema tau4j-core derives from the README's {@code WeatherQuery} record. */
    static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\",\"description\":\"city name, e.g. Paris\"},"
            + "\"unit\":{\"type\":\"string\",\"enum\":[\"CELSIUS\",\"FAHRENHEIT\"]}},\"required\":[\"city\"]}";
    static final Tool WEATHER = new Tool("get_weather", "Current weather in a city", WEATHER_SCHEMA);
    static final Tool TIMER = new Tool("set_timer", "Start a countdown",
            "{\"type\":\"object\",\"properties\":{\"minutes\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":60},"
                    + "\"label\":{\"type\":\"string\"},\"sound\":{\"type\":\"string\",\"enum\":[\"bell\",\"chime\",\"beep\"]}},"
                    + "\"required\":[\"minutes\",\"label\",\"sound\"]}");

    private final DefaultResponder responder = new DefaultResponder();

    private Reply respond(String userText, String toolChoice, Tool... tools) {
        SimItem user = new SimItem("item_u", "message", "user", "completed", userText, 0, null, null, null, null, "{}");
        return responder.respond(new ResponseContext("", List.of(user), userText, List.of(tools), toolChoice, List.of("audio"), Map.of(), false));
    }

    @Test
    void callsTheToolWhoseNameDescriptionOrParametersShareAWordWithTheUser() {
        Reply r = respond("Do I need an umbrella in Paris?", "auto", TIMER, WEATHER);
        assertThat(r.calls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.argumentsJson()).isEqualTo("{\"city\":\"Paris\"}");
        });
        assertThat(respond("How is the weather in Lima today?", "auto", TIMER, WEATHER).calls().getFirst().argumentsJson())
                .isEqualTo("{\"city\":\"Lima\"}");
    }

    @Test
    void answersInTextWhenNoWordMatchesUnlessAToolIsRequiredOrNamed() {
        assertThat(respond("Tell me a joke", "auto", WEATHER).calls()).isEmpty();
        assertThat(respond("Tell me a joke", "auto", WEATHER).text()).isEqualTo("You said: Tell me a joke");
        assertThat(respond("Tell me a joke", "required", TIMER, WEATHER).calls().getFirst().name()).isEqualTo("set_timer");
        assertThat(respond("Tell me a joke", "function:get_weather", TIMER, WEATHER).calls().getFirst().name()).isEqualTo("get_weather");
        assertThat(respond("What is the weather in Paris?", "none", WEATHER).calls()).isEmpty();
    }

    @Test
    void argumentsComeFromTheUsersWordsWhereTheyFitTheSchema() {
        Reply r = respond("Set a countdown of 90 or 25 minutes called \"pasta water\" with a chime", "auto", WEATHER, TIMER);
        assertThat(r.calls().getFirst().argumentsJson()).isEqualTo("{\"minutes\":25,\"label\":\"pasta water\",\"sound\":\"chime\"}");
        assertThat(respond("Start the countdown", "auto", TIMER).calls().getFirst().argumentsJson())
                .isEqualTo("{\"minutes\":1,\"label\":\"countdown\",\"sound\":\"bell\"}");
    }

    @Test
    void theReadmeWeatherExampleCallsTheToolThenAnswersFromItsOutput() throws Exception {
        try (RealtimeSimulator sim = RealtimeSimulator.start(); WsClient c = WsClient.connect(sim, "?model=gpt-realtime", null, false)) {
            c.until("session.created");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\","
                    + "\"description\":\"Current weather in a city\",\"parameters\":" + WEATHER_SCHEMA + "}]}}");
            c.until("session.updated");
            c.send(SimulatorProtocolTest.userText("Do I need an umbrella in Paris?"));
            c.send("{\"type\":\"response.create\"}");
            JsonNode call = c.until("response.done").getLast().at("/response/output/0");
            assertThat(call.path("type").asText()).isEqualTo("function_call");
            assertThat(call.path("name").asText()).isEqualTo("get_weather");
            assertThat(call.path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
            c.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
                    + call.path("call_id").asText() + "\",\"output\":\"light rain in Paris, 18 degrees\"}}");
            c.send("{\"type\":\"response.create\",\"response\":{\"tool_choice\":\"auto\"}}");
            JsonNode answer = c.until("response.done").getLast().at("/response/output/0");
            assertThat(answer.at("/content/0/transcript").asText()).isEqualTo("Done: light rain in Paris, 18 degrees");
        }
    }
}
