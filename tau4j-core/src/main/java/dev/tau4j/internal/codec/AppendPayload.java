package dev.tau4j.internal.codec;

import dev.tau4j.event.InputAudioBufferAppend;
import dev.tau4j.internal.transport.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@code input_audio_buffer.append} as UTF-8 bytes, written by the transport straight into its frame
 * buffer: the JSON around the audio is copied, the audio base64-encoded in place. The same bytes as
 * {@link EventCodec#encode} gives. Immutable; the audio array must not change until it is written.
 */
final class AppendPayload implements Transport.Payload {

    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    /** Two base64 characters per 12 bits of input, the first in the low byte: half the lookups and stores. */
    private static final short[] PAIRS = new short[4096];
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] PLAIN_PREFIX = ascii("{\"type\":\"" + InputAudioBufferAppend.TYPE + "\",\"audio\":\"");
    private static final byte[] SUFFIX = ascii("\"}");

    static {
        for (int i = 0; i < PAIRS.length; i++) {
            PAIRS[i] = (short) ((ALPHABET[i >>> 6] & 0xFF) | (ALPHABET[i & 0x3F] & 0xFF) << 8);
        }
    }

    private final byte[] prefix;
    private final byte[] audio;

    private AppendPayload(byte[] prefix, byte[] audio) {
        this.prefix = prefix;
        this.audio = audio;
    }

    /** The payload for {@code event}, or null when its event id would need escaping (the general encoder does it). */
    static AppendPayload of(InputAudioBufferAppend event) {
        String id = event.eventId();
        if (id == null) {
            return new AppendPayload(PLAIN_PREFIX, event.audio());
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return null;
            }
        }
        return new AppendPayload(ascii("{\"type\":\"" + InputAudioBufferAppend.TYPE + "\",\"event_id\":\"" + id
                + "\",\"audio\":\""), event.audio());
    }

    @Override
    public int length() {
        return prefix.length + (audio.length + 2) / 3 * 4 + SUFFIX.length;
    }

    @Override
    public void writeTo(byte[] dst, int offset) {
        System.arraycopy(prefix, 0, dst, offset, prefix.length);
        int at = encode(audio, dst, offset + prefix.length);
        System.arraycopy(SUFFIX, 0, dst, at, SUFFIX.length);
    }

    /** Standard base64 with padding of {@code src} into {@code dst} from {@code at}; returns the end. */
    static int encode(byte[] src, byte[] dst, int at) {
        int whole = src.length / 3 * 3;
        int i = 0;
        for (; i < whole; i += 3, at += 4) {
            // The JDK's intrinsic encoder would be faster still, but it writes only from dst[0].
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            INTS.set(dst, at, (PAIRS[bits >>> 12] & 0xFFFF) | (PAIRS[bits & 0xFFF] & 0xFFFF) << 16);
        }
        int rest = src.length - whole;
        if (rest > 0) {
            int bits = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            dst[at++] = ALPHABET[bits >>> 18];
            dst[at++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[at++] = rest == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : (byte) '=';
            dst[at++] = '=';
        }
        return at;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
