package dev.tau4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VirtualSpeakerTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final VirtualSpeaker speaker = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO, now::get);

    static byte[] millis(int ms) {
        return new byte[(int) AudioFormat.PCM16_24KHZ_MONO.bytesFor(Duration.ofMillis(ms))];
    }

    void advance(int ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void playsInRealTimeAndNeverPassesTheAudioWritten() {
        assertThat(speaker.playedFrames()).isZero();
        advance(500);
        speaker.write(millis(100));
        assertThat(speaker.playedFrames()).isZero();
        advance(40);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(40));
        assertThat(speaker.queuedFrames()).isEqualTo(60 * 24);
        advance(1000);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(100));
        assertThat(speaker.queuedFrames()).isZero();
    }

    @Test
    void pausesOnUnderrunAndResumesAtTheNextWrite() {
        speaker.write(millis(100));
        advance(300);
        speaker.write(millis(50));
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(100));
        advance(20);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(120));
        speaker.write(millis(50)); // appended while playing: no re-anchor
        advance(70);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(190));
    }

    @Test
    void clearKeepsWhatWasPlayedAndDropsTheRest() {
        speaker.write(millis(1000));
        advance(250);
        speaker.clear();
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(250));
        assertThat(speaker.queuedFrames()).isZero();
        advance(500);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(250));
        speaker.write(millis(100));
        advance(10);
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(260));
    }

    @Test
    void drainReturnsOnceTheFakeClockHasPlayedEverything() throws InterruptedException {
        speaker.write(millis(100));
        assertThat(speaker.drain(Duration.ZERO)).isFalse();
        advance(100);
        assertThat(speaker.drain(Duration.ZERO)).isTrue();
    }

    @Test
    void drainWaitsForTheSystemClock() throws InterruptedException {
        VirtualSpeaker real = Speaker.virtual(AudioFormat.PCM16_24KHZ_MONO);
        real.write(millis(30));
        long start = System.nanoTime();
        assertThat(real.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
        assertThat(real.playedDuration()).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void rejectsPartialFramesAndWritesAfterClose() {
        VirtualSpeaker stereo = Speaker.virtual(new AudioFormat(AudioFormat.Encoding.PCM16, 48_000, 2), now::get);
        assertThatThrownBy(() -> stereo.write(new byte[6])).hasMessageContaining("4-byte frames");
        speaker.write(millis(100));
        advance(10);
        speaker.close();
        assertThat(speaker.playedDuration()).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> speaker.write(millis(10))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Speaker.virtual(AudioFormat.G711_ULAW_8KHZ)).isInstanceOf(IllegalArgumentException.class);
    }
}
