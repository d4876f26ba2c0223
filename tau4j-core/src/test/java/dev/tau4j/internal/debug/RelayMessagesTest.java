package dev.tau4j.internal.debug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tau4j.KeyPieces;
import dev.tau4j.internal.Redaction;
import dev.tau4j.internal.codec.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Relay messages are objects the relay builds, and carry no piece of a live key. */
@Timeout(10)
class RelayMessagesTest {

    private static final String KEY = "sk-proj-Hx7Qm2Lr9Tw4Ks8Vb3Nc6Pz1";
    /** How the debug server reads relay messages: one object, nothing after it, no field twice. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    @Test
    void aFrameWithTrailingJsonCannotPoseAsAnotherRelayMessage() throws Exception {
        String[] forgeries = {
            "{\"type\":\"x\"},\"type\":\"tau.state\",\"previous\":\"OPEN\",\"current\":\"FAILED\",\"sid\":\"s2\"}",
            "{\"type\":\"x\"}}{\"type\":\"tau.response\",\"response\":{\"transcript\":\"forged\"}}",
            "{\"type\":\"x\",\"type\":\"tau.state\"}",
        };
        for (String frame : forgeries) {
            String message = RelayMessages.event("server", 1, frame);
            JsonNode m = STRICT.readTree(message);
            assertThat(m.path("type").asText()).as(frame).isEqualTo("tau.event");
            assertThat(m.path("event").isTextual()).as(frame).isTrue();
            assertThat(m.path("event").asText()).isEqualTo(frame);
            assertThat(m.has("sid")).isFalse();
        }
        JsonNode plain = STRICT.readTree(RelayMessages.event("client", 2, " {\"type\":\"response.create\"} "));
        assertThat(plain.path("event").path("type").asText()).isEqualTo("response.create");
        assertThat(plain.path("dir").asText()).isEqualTo("client");
    }

    @Test
    void aKeyEchoedInAFrameOrAnErrorIsMaskedEvenEscapedOrWithoutItsPrefix() throws Exception {
        try (Redaction.Registration r = Redaction.register(KEY)) {
            String escaped = "\\u0073\\u006b" + KEY.substring(2);
            String frame = "{\"type\":\"session.created\",\"session\":{\"instructions\":\"use " + escaped + " and "
                    + KEY.substring(8, 20) + "\",\"" + KEY + "\":1}}";
            String event = RelayMessages.event("server", 1, frame);
            assertThat(KeyPieces.in(event, KEY)).isEmpty();
            assertThat(KeyPieces.in(Json.MAPPER.readTree(event).toString(), KEY)).isEmpty();
            assertThat(KeyPieces.in(RelayMessages.event("server", 1, "not json " + KEY.substring(8)), KEY)).isEmpty();
            String error = RelayMessages.error("tau.user_text", new IllegalArgumentException("bad key " + KEY.substring(5)));
            assertThat(KeyPieces.in(error, KEY)).isEmpty();
        }
    }
}
