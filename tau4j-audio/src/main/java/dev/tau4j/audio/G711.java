package dev.tau4j.audio;

/**
 * ITU-T G.711 μ-law and A-law companding between 16-bit linear PCM and one byte per sample.
 *
 * <p>Encoding follows the reference algorithm of the standard (as in the classic Sun/CCITT
 * {@code g711.c}): μ-law clips at ±32635 and encodes 0 as {@code 0xFF}, −1 as {@code 0x7F};
 * A-law encodes 0 as {@code 0xD5} and −1 as {@code 0x55}. Decoding returns the centre of each
 * quantization interval scaled to 16 bits (μ-law ±32124 at most, A-law ±32256).
 *
 * <p>Decoding uses a 256-entry table; all methods are pure and thread-safe. Byte arrays carry
 * PCM16 as little-endian interleaved samples.
 */
public final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final byte[] ULAW_ENCODE = new byte[1 << 16];
    private static final byte[] ALAW_ENCODE = new byte[1 << 16];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_DECODE[code] = (short) ulawToLinear(code);
            ALAW_DECODE[code] = (short) alawToLinear(code);
        }
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            ULAW_ENCODE[s & 0xFFFF] = (byte) linearToUlaw(s);
            ALAW_ENCODE[s & 0xFFFF] = (byte) linearToAlaw(s);
        }
    }

    private G711() {
    }

    /** μ-law code of one 16-bit sample. */
    public static byte encodeUlaw(short sample) {
        return ULAW_ENCODE[sample & 0xFFFF];
    }

    /** 16-bit sample a μ-law code decodes to. */
    public static short decodeUlaw(byte code) {
        return ULAW_DECODE[code & 0xFF];
    }

    /** A-law code of one 16-bit sample. */
    public static byte encodeAlaw(short sample) {
        return ALAW_ENCODE[sample & 0xFFFF];
    }

    /** 16-bit sample an A-law code decodes to. */
    public static short decodeAlaw(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    /**
     * Encodes little-endian PCM16 to μ-law, one byte per sample.
     *
     * @throws IllegalArgumentException if {@code pcm16} has an odd length
     */
    public static byte[] encodeUlaw(byte[] pcm16) {
        return encode(pcm16, ULAW_ENCODE);
    }

    /** Decodes μ-law bytes to little-endian PCM16 (twice as many bytes). */
    public static byte[] decodeUlaw(byte[] ulaw) {
        return decode(ulaw, ULAW_DECODE);
    }

    /**
     * Encodes little-endian PCM16 to A-law, one byte per sample.
     *
     * @throws IllegalArgumentException if {@code pcm16} has an odd length
     */
    public static byte[] encodeAlaw(byte[] pcm16) {
        return encode(pcm16, ALAW_ENCODE);
    }

    /** Decodes A-law bytes to little-endian PCM16 (twice as many bytes). */
    public static byte[] decodeAlaw(byte[] alaw) {
        return decode(alaw, ALAW_DECODE);
    }

    /**
     * Encodes PCM16 to the given G.711 encoding.
     *
     * @throws IllegalArgumentException if {@code encoding} is not a G.711 encoding or the length is odd
     */
    public static byte[] encode(byte[] pcm16, AudioFormat.Encoding encoding) {
        return switch (encoding) {
            case G711_ULAW -> encodeUlaw(pcm16);
            case G711_ALAW -> encodeAlaw(pcm16);
            case PCM16 -> throw new IllegalArgumentException("PCM16 is not a G.711 encoding");
        };
    }

    /**
     * Decodes G.711 bytes of the given encoding to PCM16.
     *
     * @throws IllegalArgumentException if {@code encoding} is not a G.711 encoding
     */
    public static byte[] decode(byte[] g711, AudioFormat.Encoding encoding) {
        return switch (encoding) {
            case G711_ULAW -> decodeUlaw(g711);
            case G711_ALAW -> decodeAlaw(g711);
            case PCM16 -> throw new IllegalArgumentException("PCM16 is not a G.711 encoding");
        };
    }

    private static byte[] encode(byte[] pcm16, byte[] table) {
        if ((pcm16.length & 1) != 0) {
            throw new IllegalArgumentException("PCM16 data must have an even length, got " + pcm16.length);
        }
        byte[] out = new byte[pcm16.length / 2];
        for (int i = 0, j = 0; i < out.length; i++, j += 2) {
            out[i] = table[(pcm16[j] & 0xFF) | (pcm16[j + 1] & 0xFF) << 8];
        }
        return out;
    }

    private static byte[] decode(byte[] codes, short[] table) {
        byte[] out = new byte[codes.length * 2];
        for (int i = 0, j = 0; i < codes.length; i++, j += 2) {
            short s = table[codes[i] & 0xFF];
            out[j] = (byte) s;
            out[j + 1] = (byte) (s >> 8);
        }
        return out;
    }

    private static int linearToUlaw(int sample) {
        int sign = 0;
        if (sample < 0) {
            sample = -sample;
            sign = 0x80;
        }
        sample = Math.min(sample, ULAW_CLIP) + ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return ~(sign | exponent << 4 | mantissa) & 0xFF;
    }

    private static int ulawToLinear(int code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + ULAW_BIAS) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
    }

    private static int linearToAlaw(int sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = 0;
        while (segment < 8 && pcm > (0x20 << segment) - 1) {
            segment++;
        }
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = segment << 4 | (segment < 2 ? (pcm >> 1) : (pcm >> segment)) & 0x0F;
        return code ^ mask;
    }

    private static int alawToLinear(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        t = switch (segment) {
            case 0 -> t + 8;
            case 1 -> t + 0x108;
            default -> (t + 0x108) << (segment - 1);
        };
        return (a & 0x80) != 0 ? t : -t;
    }
}
