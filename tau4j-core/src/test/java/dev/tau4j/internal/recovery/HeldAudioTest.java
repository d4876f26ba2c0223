package dev.tau4j.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The journal's block budget is read like the JVM's own sizes; what is not a size is refused. */
class HeldAudioTest {

    @Test
    void aBudgetIsBytesOrANumberWithKMOrG() {
        assertThat(HeldAudio.bytes("3221225472")).isEqualTo(3L << 30);
        assertThat(HeldAudio.bytes("3g")).isEqualTo(3L << 30);
        assertThat(HeldAudio.bytes(" 512M ")).isEqualTo(512L << 20);
        assertThat(HeldAudio.bytes("64k")).isEqualTo(64L << 10);
        assertThat(HeldAudio.bytes("0")).isZero();
    }

    @Test
    void whatIsNotASizeIsRefused() {
        assertThat(HeldAudio.bytes("")).isEqualTo(-1);
        assertThat(HeldAudio.bytes("g")).isEqualTo(-1);
        assertThat(HeldAudio.bytes("-1g")).isEqualTo(-1);
        assertThat(HeldAudio.bytes("1.5g")).isEqualTo(-1);
        assertThat(HeldAudio.bytes("3gb")).isEqualTo(-1);
        assertThat(HeldAudio.bytes("99999999999999g")).as("overflows a long").isEqualTo(-1);
    }
}
