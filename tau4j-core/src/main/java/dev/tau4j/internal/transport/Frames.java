package dev.tau4j.internal.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** RFC 6455 framing helpers: client frame headers, masking, UTF-8 validation. Stateless, thread-safe. */
final class Frames {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** The largest header of a client frame: 2 + 8 length bytes + 4 mask bytes. */
    static final int MAX_HEADER = 14;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Frames() {
    }

    /** The header size of a client (masked) frame with {@code payload} bytes. */
    static int headerSize(int payload) {
        return (payload <= 125 ? 2 : payload <= 0xFFFF ? 4 : 10) + 4;
    }

    /**
     * Writes a final frame's header with a fresh mask key from {@code keys} at {@code dst[0..]} and
     * masks the {@code payload} bytes that follow it in place. Returns the frame's total length.
     */
    static int seal(int opcode, byte[] dst, int payload, MaskKeys keys) {
        int at = 0;
        dst[at++] = (byte) (0x80 | opcode);
        if (payload <= 125) {
            dst[at++] = (byte) (0x80 | payload);
        } else if (payload <= 0xFFFF) {
            dst[at++] = (byte) (0x80 | 126);
            dst[at++] = (byte) (payload >>> 8);
            dst[at++] = (byte) payload;
        } else {
            dst[at++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                dst[at++] = (byte) ((long) payload >>> shift);
            }
        }
        keys.next(dst, at);
        at += 4;
        mask(dst, at, payload, dst, at - 4);
        return at + payload;
    }

    /** A complete frame holding {@code payload}, masked with a key from {@code keys}. */
    static byte[] frame(int opcode, byte[] payload, int offset, int length, MaskKeys keys) {
        byte[] f = new byte[headerSize(length) + length];
        System.arraycopy(payload, offset, f, headerSize(length), length);
        seal(opcode, f, length, keys);
        return f;
    }

    /** A close frame's payload: the code and at most 123 bytes of reason, cut on a character boundary. */
    static byte[] closePayload(int code, String reason) {
        byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        while (n < r.length && n > 0 && (r[n] & 0xC0) == 0x80) {
            n--;
        }
        byte[] p = new byte[2 + n];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, n);
        return p;
    }

    /** XORs {@code length} bytes of {@code b} from {@code offset} with the 4-byte key at {@code key[keyAt]}. */
    static void mask(byte[] b, int offset, int length, byte[] key, int keyAt) {
        byte k0 = key[keyAt];
        byte k1 = key[keyAt + 1];
        byte k2 = key[keyAt + 2];
        byte k3 = key[keyAt + 3];
        long k = (int) INTS.get(key, keyAt) & 0xFFFFFFFFL;
        long wide = k | (k << 32);   // the key twice, in memory order whichever the byte order
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(b, offset + i, (long) LONGS.get(b, offset + i) ^ wide);
        }
        for (; i < length; i++) {
            b[offset + i] ^= (i & 3) == 0 ? k0 : (i & 3) == 1 ? k1 : (i & 3) == 2 ? k2 : k3;
        }
    }

    /** Whether {@code length} bytes of {@code b} from {@code offset} are well-formed UTF-8 (RFC 3629). */
    static boolean isUtf8(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= end) {
                break;
            }
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false;
            } else if (c < 0xE0) {
                if (i + 1 >= end || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!continuation(b[i + 1]) || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)
                        || !continuation(b[i + 2])) {
                    return false;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!continuation(b[i + 1]) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)
                        || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
