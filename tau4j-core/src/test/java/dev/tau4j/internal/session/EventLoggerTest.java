package dev.tau4j.internal.session;



import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.internal.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EventLoggerTest {

    @Test
    void fullEventLoggingElidesAudioPayloadsButKeepsText() {
        String audio = "A".repeat(6400);
        String frame = "{\"type\":\"response.output_audio.delta\",\"delta\":\"" + audio + "\",\"item_id\":\"item_1\"}";
        String logged = EventLogger.elide(frame);
        assertThat(logged).doesNotContain(audio).contains("\"delta\":\"AAAAAAAA…\"").contains("item_1");
        String transcript = "{\"type\":\"response.output_audio_transcript.delta\",\"delta\":\"Hello there\"}";
        assertThat(EventLogger.elide(transcript)).isEqualTo(transcript);
    }

    @Test
    void registeredKeysAndKeyLikeTokensAreRedactedEverywhere() {
        try (Redaction.Registration r = Redaction.register("my-custom-secret-value")) {
            assertThat(Redaction.redact("key my-custom-secret-value and sk-proj-abcdef123456 and ek_abcdef1234"))
                    .isEqualTo("key *** and sk-*** and ek_***");
            assertThat(EventLogger.elide("{\"error\":{\"message\":\"Incorrect API key provided: sk-abc123456789\"}}"))
                    .doesNotContain("sk-abc123456789");
        }
    }
}
