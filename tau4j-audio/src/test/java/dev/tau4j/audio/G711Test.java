package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class G711Test {

    /**
     * ITU-T G.711 Table 2 (μ-law): a code is the complement of sign|segment|step; bit 7 set means
     * positive. The decoded 14-bit magnitude is ((2 * step + 33) << segment) - 33, scaled by 4 to 16 bits.
     */
    static int ituUlaw(int code) {
        int u = ~code & 0xFF;
        int segment = (u >> 4) & 7;
        int step = u & 0x0F;
        int magnitude = (((2 * step + 33) << segment) - 33) * 4;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /**
     * ITU-T G.711 Table 1 (A-law): a code is sign|segment|step with the even bits inverted (XOR 0x55);
     * bit 7 set means positive. The decoded 13-bit magnitude is 2 * step + 1 in segment 0 and
     * (2 * step + 33) << (segment - 1) above, scaled by 8 to 16 bits.
     */
    static int ituAlaw(int code) {
        int a = code ^ 0x55;
        int segment = (a >> 4) & 7;
        int step = a & 0x0F;
        int magnitude = (segment == 0 ? 2 * step + 1 : (2 * step + 33) << (segment - 1)) * 8;
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    @Test
    void everyUlawCodeDecodesToTheStandardValue() {
        for (int code = 0; code < 256; code++) {
            assertThat((int) G711.decodeUlaw((byte) code)).as("code 0x%02X", code).isEqualTo(ituUlaw(code));
        }
    }

    @Test
    void everyAlawCodeDecodesToTheStandardValue() {
        for (int code = 0; code < 256; code++) {
            assertThat((int) G711.decodeAlaw((byte) code)).as("code 0x%02X", code).isEqualTo(ituAlaw(code));
        }
    }

    @Test
    void knownReferenceCodes() {
        assertThat(G711.encodeUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.encodeUlaw((short) -1)).isEqualTo((byte) 0x7F);
        assertThat(G711.encodeUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.encodeUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(G711.decodeUlaw((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.decodeUlaw((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.decodeUlaw((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.decodeUlaw((byte) 0x7F)).isEqualTo((short) 0);

        assertThat(G711.encodeAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.encodeAlaw((short) -1)).isEqualTo((byte) 0x55);
        assertThat(G711.encodeAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(G711.encodeAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
        assertThat(G711.decodeAlaw((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.decodeAlaw((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.decodeAlaw((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.decodeAlaw((byte) 0x2A)).isEqualTo((short) -32256);
    }

    @Test
    void decodingThenEncodingReturnsTheSameCode() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            byte expectedUlaw = code == 0x7F ? (byte) 0xFF : c; // μ-law −0 re-encodes as +0
            assertThat(G711.encodeUlaw(G711.decodeUlaw(c))).as("μ-law 0x%02X", code).isEqualTo(expectedUlaw);
            assertThat(G711.encodeAlaw(G711.decodeAlaw(c))).as("A-law 0x%02X", code).isEqualTo(c);
        }
    }

    @Test
    void encodingRoundTripStaysWithinHalfAQuantizationStep() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            short x = (short) s;
            int u = G711.decodeUlaw(G711.encodeUlaw(x));
            int segment = (~G711.encodeUlaw(x) >> 4) & 7;
            int ulawStep = 8 << segment; // 16-bit units
            int clipped = Math.max(-32635, Math.min(32635, s));
            assertThat(Math.abs(u - clipped)).as("μ-law %d", s).isLessThanOrEqualTo(ulawStep / 2);

            int a = G711.decodeAlaw(G711.encodeAlaw(x));
            int aSegment = ((G711.encodeAlaw(x) ^ 0x55) >> 4) & 7;
            int alawStep = aSegment <= 1 ? 16 : 16 << (aSegment - 1);
            assertThat(Math.abs(a - s)).as("A-law %d", s).isLessThanOrEqualTo(alawStep / 2);
        }
    }

    @Test
    void arrayFormsMatchTheSampleForms() {
        short[] samples = {0, -1, 1, 1000, -1000, 32767, -32768, 12345};
        byte[] pcm = Pcm16.toBytes(samples);
        byte[] ulaw = G711.encodeUlaw(pcm);
        byte[] alaw = G711.encode(pcm, AudioFormat.Encoding.G711_ALAW);
        short[] ulawBack = Pcm16.toSamples(G711.decodeUlaw(ulaw));
        short[] alawBack = Pcm16.toSamples(G711.decode(alaw, AudioFormat.Encoding.G711_ALAW));
        for (int i = 0; i < samples.length; i++) {
            assertThat(ulaw[i]).isEqualTo(G711.encodeUlaw(samples[i]));
            assertThat(alaw[i]).isEqualTo(G711.encodeAlaw(samples[i]));
            assertThat(ulawBack[i]).isEqualTo(G711.decodeUlaw(ulaw[i]));
            assertThat(alawBack[i]).isEqualTo(G711.decodeAlaw(alaw[i]));
        }
        assertThatThrownBy(() -> G711.encodeUlaw(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> G711.encode(pcm, AudioFormat.Encoding.PCM16)).isInstanceOf(IllegalArgumentException.class);
    }
}
