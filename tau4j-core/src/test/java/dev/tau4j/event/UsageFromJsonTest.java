package dev.tau4j.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UsageFromJsonTest {

    @Test
    void theWiresUsageObjectReadsAsAValue() {
        Usage u = Usage.fromJson("{\"total_tokens\":253,\"input_tokens\":132,\"output_tokens\":121,"
                + "\"input_token_details\":{\"text_tokens\":59,\"audio_tokens\":73,\"cached_tokens\":64,"
                + "\"cached_tokens_details\":{\"text_tokens\":0,\"audio_tokens\":64}},"
                + "\"output_token_details\":{\"text_tokens\":41,\"audio_tokens\":80}}");
        assertThat(u.inputTextTokens()).isEqualTo(59);
        assertThat(u.inputAudioTokens()).isEqualTo(73);
        assertThat(u.cachedAudioTokens()).isEqualTo(64);
        assertThat(u.outputAudioTokens()).isEqualTo(80);
        assertThat(Usage.fromJson("{}")).isEqualTo(Usage.ZERO);
    }

    @Test
    void anythingButAUsageObjectIsRefused() {
        assertThatThrownBy(() -> Usage.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Usage.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }
}
