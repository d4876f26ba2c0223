package dev.tau4j;

import dev.tau4j.internal.dialect.Dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TauOptionsTest {

    @Test
    void unsetOptionsFallBackToTheEnvironmentThenDefaults() {
        TauOptions resolved = TauOptions.DEFAULTS.resolve(Map.of("OPENAI_API_KEY", "sk-env", "TAU_REALTIME_URL",
                "ws://127.0.0.1:9/v1/realtime", "TAU_LOGGING", "2"));
        assertThat(resolved.apiKey()).isEqualTo("sk-env");
        assertThat(resolved.endpoint()).isEqualTo(URI.create("ws://127.0.0.1:9/v1/realtime"));
        assertThat(resolved.logging()).isEqualTo(2);
        assertThat(resolved.model()).isEqualTo("gpt-realtime");
        TauOptions plain = TauOptions.DEFAULTS.resolve(Map.of());
        assertThat(plain.endpoint()).isEqualTo(URI.create(TauOptions.OPENAI_ENDPOINT));
        assertThat(plain.logging()).isZero();
    }

    @Test
    void explicitOptionsWinOverTheEnvironment() {
        TauOptions resolved = TauOptions.builder().apiKey("sk-mine").endpoint("ws://localhost:1/x").logging(1).build()
                .resolve(Map.of("OPENAI_API_KEY", "sk-env", "TAU_REALTIME_URL", "ws://other", "TAU_LOGGING", "2"));
        assertThat(resolved.apiKey()).isEqualTo("sk-mine");
        assertThat(resolved.endpoint().getHost()).isEqualTo("localhost");
        assertThat(resolved.logging()).isEqualTo(1);
    }

    @Test
    void seedModelAliasesResolveToTheirGaModels() {
        assertThat(TauOptions.builder().model("4o").build().model()).isEqualTo(Model.GPT_REALTIME);
        assertThat(TauOptions.builder().model("4o-mini").build().model()).isEqualTo(Model.GPT_REALTIME_MINI);
        assertThat(TauOptions.builder().model("gpt-realtime-2").build().model()).isEqualTo("gpt-realtime-2");
    }

    @Test
    void invalidOptionsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> TauOptions.builder().endpoint("https://api.openai.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> TauOptions.builder().callTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> TauOptions.builder().logging(3).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TauOptions.builder().model(" ").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(TauOptions.builder().apiKey("sk-very-secret-key-1234").build().toString())
                .doesNotContain("sk-very-secret-key-1234").contains("apiKey=***");
    }

    @Test
    void theRealtimeUrlCarriesTheModelOnce() {
        assertThat(Dialect.OPENAI_GA.connectUri(URI.create("wss://h/v1/realtime"), "gpt-realtime").toString())
                .isEqualTo("wss://h/v1/realtime?model=gpt-realtime");
        assertThat(Dialect.OPENAI_GA.connectUri(URI.create("wss://h/openai/v1/realtime?api-version=x"), "dep").toString())
                .isEqualTo("wss://h/openai/v1/realtime?api-version=x&model=dep");
        assertThat(Dialect.OPENAI_GA.connectUri(URI.create("wss://h/v1/realtime?model=m1"), "m2").toString())
                .isEqualTo("wss://h/v1/realtime?model=m1");
    }

    @Test
    void aKeyWithALineBreakSpaceOrControlCharacterIsRefusedWithoutEchoingIt() {
        for (String key : new String[] {"sk-proj-abcdefgh\r\nX-Injected: 1", "sk-proj-abcd efgh1234", "sk-proj-abcd\u0000efgh",
            "sk-proj-abcd\tefgh1234", "sk-proj-ключ-abcdefgh"}) {
            assertThatThrownBy(() -> TauOptions.builder().apiKey(key).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("apiKey")
                    .satisfies(e -> assertThat(KeyPieces.in(e.getMessage(), key)).isEmpty());
            assertThatThrownBy(() -> TauOptions.DEFAULTS.resolve(Map.of("OPENAI_API_KEY", key)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("OPENAI_API_KEY")
                    .satisfies(e -> assertThat(KeyPieces.in(e.getMessage(), key)).isEmpty());
        }
        assertThat(TauOptions.DEFAULTS.resolve(Map.of("OPENAI_API_KEY", "sk-from-a-file\n")).apiKey()).isEqualTo("sk-from-a-file");
        assertThat(TauOptions.builder().apiKey("sk-é-latin1-ok").build().apiKey()).isEqualTo("sk-é-latin1-ok");
    }

    @Test
    void toStringShowsNeitherTheKeyNorTheDebugToken() {
        TauOptions o = TauOptions.builder().apiKey("sk-proj-0123456789abcdef")
                .debugUrl(URI.create("ws://127.0.0.1:1/session?token=debug-token-0123456789")).build();
        assertThat(o.toString()).doesNotContain("0123456789").contains("ws://127.0.0.1:1/session?…");
    }
}
