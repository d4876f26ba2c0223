package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Pcm16Test {

    static byte[] pcm(int... samples) {
        short[] s = new short[samples.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) samples[i];
        }
        return Pcm16.toBytes(s);
    }

    @Test
    void bytesAreLittleEndian() {
        assertThat(pcm(0x1234, -2)).containsExactly(0x34, 0x12, 0xFE, 0xFF);
        assertThat(Pcm16.toSamples(new byte[] {0x34, 0x12, (byte) 0xFE, (byte) 0xFF})).containsExactly((short) 0x1234, (short) -2);
        assertThat(Pcm16.toSamples(new byte[] {9, 0x34, 0x12}, 1, 2)).containsExactly((short) 0x1234);
        assertThatThrownBy(() -> Pcm16.toSamples(new byte[3])).hasMessageContaining("even length");
    }

    @Test
    void gainScalesAndClips() {
        assertThat(Pcm16.toSamples(Pcm16.gain(pcm(100, -100, 20000, -20000), 2)))
                .containsExactly((short) 200, (short) -200, Short.MAX_VALUE, Short.MIN_VALUE);
        assertThat(Pcm16.toSamples(Pcm16.gainDb(pcm(1000), -6.0206))).containsExactly((short) 500);
        assertThat(Pcm16.gainDb(pcm(1234, -4321), 0)).isEqualTo(pcm(1234, -4321));
        assertThatThrownBy(() -> Pcm16.gain(pcm(1), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mixingSaturatesAndKeepsTheLongerTail() {
        assertThat(Pcm16.toSamples(Pcm16.mix(pcm(30000, -30000, 5), pcm(10000, -10000, 5, 7))))
                .containsExactly(Short.MAX_VALUE, Short.MIN_VALUE, (short) 10, (short) 7);
    }

    @Test
    void levelsAreMeasuredInDbfs() {
        assertThat(Pcm16.peakDbfs(pcm(-32768, 0))).isEqualTo(0.0);
        assertThat(Pcm16.peakDbfs(pcm(16384))).isCloseTo(-6.02, within(0.01));
        assertThat(Pcm16.rmsDbfs(pcm(16384, -16384))).isCloseTo(-6.02, within(0.01));
        assertThat(Pcm16.rmsDbfs(pcm(0, 0))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Pcm16.peakDbfs(new byte[0])).isEqualTo(Double.NEGATIVE_INFINITY);
        short[] sine = new short[2400];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (short) Math.round(32767 * Math.sin(2 * Math.PI * 1000 * i / 24000.0));
        }
        assertThat(Pcm16.rmsDbfs(Pcm16.toBytes(sine))).isCloseTo(-3.01, within(0.01));
    }

    @Test
    void silenceIsJudgedPerWindowSoShortBurstsCount() {
        AudioFormat f = AudioFormat.pcm16(1000);
        short[] quiet = new short[1000];
        java.util.Arrays.fill(quiet, (short) 3); // about -80 dBFS
        assertThat(Pcm16.isSilent(Pcm16.toBytes(quiet), f, -50, Duration.ofMillis(100))).isTrue();
        quiet[500] = 20000;
        quiet[501] = -20000;
        assertThat(Pcm16.rmsDbfs(Pcm16.toBytes(quiet))).isLessThan(-20);
        assertThat(Pcm16.isSilent(Pcm16.toBytes(quiet), f, -30, Duration.ofMillis(10))).isFalse();
        assertThat(Pcm16.isSilent(new byte[0], f, -50, Duration.ofMillis(10))).isTrue();
    }

    @Test
    void chunksAreWholeFramesWithAShorterLastChunk() {
        AudioFormat f = AudioFormat.PCM16_24KHZ_MONO;
        byte[] audio = new byte[(int) f.bytesFor(Duration.ofMillis(50))];
        List<byte[]> chunks = Pcm16.chunks(audio, f, Duration.ofMillis(20));
        assertThat(chunks).extracting(c -> c.length).containsExactly(960, 960, 480);
        assertThat(Pcm16.chunks(new byte[0], f, Duration.ofMillis(20))).isEmpty();
        assertThatThrownBy(() -> Pcm16.chunks(audio, f, Duration.ofNanos(1))).hasMessageContaining("shorter than one frame");
        assertThatThrownBy(() -> Pcm16.chunks(new byte[6], new AudioFormat(AudioFormat.Encoding.PCM16, 8000, 2), Duration.ofMillis(1)))
                .hasMessageContaining("whole number of 4-byte frames");
    }

    @Test
    void stereoAndMonoConvert() {
        assertThat(Pcm16.toSamples(Pcm16.toMono(pcm(100, 200, -3, -4, 32767, 32767, 1, 0))))
                .containsExactly((short) 150, (short) -4, Short.MAX_VALUE, (short) 1);
        assertThat(Pcm16.toSamples(Pcm16.toStereo(pcm(5, -6)))).containsExactly((short) 5, (short) 5, (short) -6, (short) -6);
        assertThatThrownBy(() -> Pcm16.toMono(pcm(1, 2, 3))).hasMessageContaining("whole frames");
    }
}
