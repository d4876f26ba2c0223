package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.simulator.RecordedEvent;
import dev.tau4j.simulator.SimItem;
import dev.tau4j.simulator.SimulatedSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AssistantTest {

    @Test
    void toolsFireOnServerVadResponsesAndTheVoiceSessionAnswers(@TempDir Path dir) throws Exception {
        try (Stage stage = new Stage("assistant", dir)) {
            Assistant.Home home = Assistant.run(stage.setup, List.of());

            assertThat(home.actions).containsExactly("pass", "turn_lights_on", "turn_lights_off", "you_are_welcome");
            assertThat(home.said).containsExactly("Lights on in the kitchen.", "Lights off.", "You're most welcome!");
            assertThat(home.lit).containsOnlyKeys(Assistant.Room.values()).doesNotContainValue(true);
            assertThat(stage.printed())
                    .contains("user:      Rachel, turn the lights on in the kitchen.")
                    .contains("rachel:    turn_lights_on{\"room\":\"KITCHEN\"} (SERVER_STARTED)")
                    .contains("rachel:    you_are_welcome{} (SERVER_STARTED)")
                    .contains("voice:     You're most welcome!");

            SimulatedSession voice = stage.sessions().get(0);
            SimulatedSession listener = stage.sessions().get(1);
            JsonNode config = new ObjectMapper().readTree(listener.configJson());
            assertThat(config.path("tool_choice").asText()).isEqualTo("required");
            assertThat(config.path("output_modalities").toString()).isEqualTo("[\"text\"]");
            assertThat(config.path("audio").path("input").path("turn_detection").path("silence_duration_ms").asInt()).isEqualTo(200);
            assertThat(config.path("tools").findValuesAsText("name"))
                    .containsExactly("pass", "turn_lights_on", "turn_lights_off", "you_are_welcome");
            // Each turn waits for the previous tool's output, so no tool is stopped by the next turn's speech.
            assertThat(listener.conversation().stream().filter(i -> i.type().equals("function_call_output")).map(SimItem::output).toList())
                    .containsExactly("nothing to do", "lights on in [KITCHEN]", "lights off in [KITCHEN, LIVING_ROOM, BEDROOM]",
                            Assistant.Home.WELCOMED);
            assertThat(listener.clientEvents()).extracting(RecordedEvent::type).doesNotContain("response.create");
            assertThat(voice.configJson()).contains("\"voice\":\"shimmer\"");
        }
    }
}
