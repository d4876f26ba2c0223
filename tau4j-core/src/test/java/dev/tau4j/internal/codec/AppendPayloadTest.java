package dev.tau4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.internal.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The append written straight to bytes is exactly what the general encoder writes. */
@Timeout(10)
class AppendPayloadTest {

    @Test
    void bytesMatchTheGeneralEncoderForEveryLengthAndId() {
        SplittableRandom random = new SplittableRandom(13);
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 959, 960, 961, 4_800}) {
            byte[] audio = new byte[n];
            random.nextBytes(audio);
            for (String id : new String[] {null, "tau4j_7", "odd \"id\" \\ é"}) {
                InputAudioBufferAppend event = new InputAudioBufferAppend(id, audio);
                Transport.Payload p = EventCodec.encodeAppend(event);
                byte[] dst = new byte[p.length() + 10];
                Arrays.fill(dst, (byte) '#');
                p.writeTo(dst, 5);
                assertThat(new String(dst, 5, p.length(), StandardCharsets.UTF_8)).as("%d bytes, id %s", n, id)
                        .isEqualTo(EventCodec.encode(event));
                assertThat(dst[4]).isEqualTo((byte) '#');
                assertThat(dst[5 + p.length()]).isEqualTo((byte) '#');
            }
            byte[] b64 = new byte[(n + 2) / 3 * 4];
            assertThat(AppendPayload.encode(audio, b64, 0)).isEqualTo(b64.length);
            assertThat(new String(b64, StandardCharsets.US_ASCII)).isEqualTo(Base64.getEncoder().encodeToString(audio));
        }
    }
}
