package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The replay harness itself: it must fail, naming the capture line, where a capture and the simulator differ. */
@Timeout(30)
class CaptureReplayTest {
    static RealtimeSimulator sim;

    @BeforeAll
    static void start() {
        sim = RealtimeSimulator.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static List<CaptureLine> fixture(String name) throws URISyntaxException {
        return CaptureLine.read(Path.of(CaptureReplayTest.class.getResource(name).toURI()));
    }

    @Test
    void anEventTheCaptureLacksFailsWhereThereIsNoGap() throws Exception {
        CaptureReplay replay = new CaptureReplay(sim, fixture("text_turn_without_its_assistant_item_added.jsonl"));
        assertThatThrownBy(replay::run).hasMessageContaining("text_turn_without_its_assistant_item_added.jsonl:8")
                .hasMessageContaining("sent conversation.item.added").hasMessageContaining("no _gap");
    }

    @Test
    void aFieldTheSimulatorLacksFailsNamingTheField() throws Exception {
        CaptureReplay replay = new CaptureReplay(sim, fixture("text_turn_with_an_unknown_field.jsonl"));
        assertThatThrownBy(replay::run).hasMessageContaining("text_turn_with_an_unknown_field.jsonl:4")
                .hasMessageContaining("fields only in the capture: [item.content[].lang]");
    }
}
