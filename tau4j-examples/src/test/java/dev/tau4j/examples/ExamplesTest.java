package dev.tau4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ExamplesTest {

    @Test
    void theFiveExamplesAreNamedInTheReadmesOrder() {
        assertThat(Examples.names()).containsExactly("translator", "vocaloid", "tutor", "assistant", "ensemble");
        Examples.names().forEach(n -> assertThat(Examples.summary(n)).isNotBlank());
        Examples.names().forEach(n -> assertThat(Examples.offlineModel(n)).isNotNull());
    }

    @Test
    void anUnknownNameIsRefusedListingTheOthers(@TempDir Path dir) {
        try (Stage stage = new Stage("translator", dir)) {
            assertThatThrownBy(() -> Examples.run("karaoke", stage.setup, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no example 'karaoke'; the examples are translator, vocaloid, tutor, assistant, ensemble");
        }
        assertThatThrownBy(() -> Examples.summary("karaoke")).isInstanceOf(IllegalArgumentException.class);
    }
}
