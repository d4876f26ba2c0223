package dev.tau4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.KeyPieces;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RedactionTest {

    private static final String KEY = "sk-proj-Zq81mW0pXv5cT2rL9sKd4hJ7";

    @Test
    void everyEightCharacterPieceOfARegisteredKeyIsMaskedWithOrWithoutItsPrefix() {
        try (Redaction.Registration r = Redaction.register(KEY)) {
            String bare = KEY.substring("sk-proj-".length());
            assertThat(Redaction.redact("the key was " + bare + ".")).isEqualTo("the key was ***.");
            for (int i = 0; i + 8 <= KEY.length(); i++) {
                String piece = KEY.substring(i, i + 8);
                String text = "before " + piece + " after";
                assertThat(Redaction.redact(text)).as(piece).isEqualTo("before *** after");
            }
            String split = "first half " + KEY.substring(3, 15) + " | second half " + KEY.substring(15);
            assertThat(KeyPieces.in(Redaction.redact(split), KEY)).isEmpty();
            assertThat(Redaction.redact("nothing secret here, not even sk-proj")).isEqualTo("nothing secret here, not even sk-proj");
        }
    }

    @Test
    void oddKeysAreMaskedToo() {
        String nonAscii = "clé-secrète-ÀÉÎÕÜ-0123456789";
        String long200 = new SplittableRandom(7).ints(200, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        for (String key : new String[] {nonAscii, long200, "abcd1234efgh"}) {
            try (Redaction.Registration r = Redaction.register(key)) {
                String text = "{\"message\":\"Incorrect API key provided: " + key + " (" + key.substring(2, 11) + ")\"}";
                assertThat(KeyPieces.in(Redaction.redact(text), key)).as(key).isEmpty();
            }
        }
    }

    @Test
    void closedClientsTakeTheirKeysOutOfTheSet() {
        int before = Redaction.registered();
        for (int i = 0; i < 3_000; i++) {
            String ephemeral = "ek_" + Long.toHexString(new SplittableRandom(i).nextLong()) + i;
            try (TauClient c = TauClient.create(TauOptions.builder().apiKey(ephemeral).endpoint("ws://127.0.0.1:9/v1/realtime").build())) {
                assertThat(Redaction.redact("key " + ephemeral.substring(3))).doesNotContain(ephemeral.substring(3, 11));
            }
        }
        assertThat(Redaction.registered()).isEqualTo(before);
    }

    @Test
    void aKeySharedByTwoClientsStaysMaskedUntilBothClose() {
        TauClient a = TauClient.create(TauOptions.builder().apiKey(KEY).endpoint("ws://127.0.0.1:9/v1/realtime").build());
        TauClient b = TauClient.create(TauOptions.builder().apiKey(KEY).endpoint("ws://127.0.0.1:9/v1/realtime").build());
        a.close();
        assertThat(Redaction.redact("x " + KEY.substring(8) + " y")).isEqualTo("x *** y");
        b.close();
        b.close();
        assertThat(Redaction.redact("x " + KEY.substring(8) + " y")).isEqualTo("x " + KEY.substring(8) + " y");
    }
}
