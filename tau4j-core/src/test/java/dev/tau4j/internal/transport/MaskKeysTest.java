package dev.tau4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskKeysTest {

    private static List<Integer> draw(MaskKeys keys, int n) {
        List<Integer> out = new ArrayList<>();
        byte[] dst = new byte[6];
        for (int i = 0; i < n; i++) {
            keys.next(dst, 2);
            out.add(ByteBuffer.wrap(dst, 2, 4).getInt());
        }
        return out;
    }

    @Test
    void keysAreFreshAcrossRefillsAndConnections() {
        List<Integer> one = draw(new MaskKeys(), 320);
        List<Integer> other = draw(new MaskKeys(), 320);
        // 640 random 32-bit keys: a repeat is a one-in-ten-thousand chance, a stale refill a certainty.
        HashSet<Integer> distinct = new HashSet<>(one);
        distinct.addAll(other);
        assertThat(distinct).hasSizeGreaterThan(638);
        for (int i = 32; i < one.size(); i++) {
            assertThat(one.get(i)).as("key %d against the one drawn 32 keys before", i).isNotEqualTo(one.get(i - 32));
        }
    }

    @Test
    void aSealedFrameUnmasksToItsPayload() {
        byte[] payload = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = Frames.frame(Frames.TEXT, payload, 0, payload.length, new MaskKeys());
        int header = Frames.headerSize(payload.length);
        assertThat(frame).hasSize(header + payload.length);
        assertThat(frame[0] & 0xFF).isEqualTo(0x80 | Frames.TEXT);
        assertThat(frame[1] & 0x80).as("the mask bit").isEqualTo(0x80);
        byte[] unmasked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            unmasked[i] = (byte) (frame[header + i] ^ frame[header - 4 + (i & 3)]);
        }
        assertThat(unmasked).isEqualTo(payload);
    }
}
