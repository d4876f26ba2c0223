package dev.tau4j.internal.codec;

import dev.tau4j.ProtocolException;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.event.ResponseOutputAudioTranscriptDelta;
import dev.tau4j.event.ResponseOutputTextDelta;
import dev.tau4j.event.ServerEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The hot path: audio, transcript and text deltas in their plain shape (a flat object of strings
 * without escapes and small integers), read straight from the frame's UTF-8 bytes. The audio's base64
 * is decoded from the frame buffer into the PCM array (its only allocation); the response and item
 * ids, which repeat from delta to delta, are shared. Anything else (escapes, nested or repeated
 * fields, other types, trailing content) returns null, and the general path, strict, decides.
 */
final class FlatDeltas {

    private static final byte[][] AUDIO = {ascii(ResponseOutputAudioDelta.TYPE), ascii("response.audio.delta")};
    private static final byte[][] TRANSCRIPT = {ascii(ResponseOutputAudioTranscriptDelta.TYPE),
            ascii("response.audio_transcript.delta")};
    private static final byte[][] TEXT = {ascii(ResponseOutputTextDelta.TYPE), ascii("response.text.delta")};

    private static final int TYPE = 1;
    private static final int EVENT_ID = 2;
    private static final int RESPONSE_ID = 4;
    private static final int ITEM_ID = 8;
    private static final int OUTPUT_INDEX = 16;
    private static final int CONTENT_INDEX = 32;
    private static final int DELTA = 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Per reader thread: the last ids seen, and a reusable view of the reader's buffer. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FlatDeltas() {
    }

    private static final class Scratch {
        final Id responseId = new Id();
        final Id itemId = new Id();
        ByteBuffer view;
    }

    /** The last id read into a field, as bytes and as the String handed out. */
    private static final class Id {
        byte[] bytes = new byte[0];
        String value;

        String of(byte[] b, int start, int end) {
            if (value == null || !Arrays.equals(bytes, 0, bytes.length, b, start, end)) {
                bytes = Arrays.copyOfRange(b, start, end);
                value = new String(bytes, StandardCharsets.UTF_8);
            }
            return value;
        }
    }

    /** The event, or null when the frame is not a delta in the plain shape. */
    static ServerEvent decode(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = skipSpace(b, offset, end);
        if (i >= end || b[i] != '{') {
            return null;
        }
        int kind = 0;
        int seen = 0;
        int eventId0 = -1;
        int eventId1 = -1;
        int responseId0 = -1;
        int responseId1 = -1;
        int itemId0 = -1;
        int itemId1 = -1;
        int delta0 = -1;
        int delta1 = -1;
        int outputIndex = 0;
        int contentIndex = 0;
        byte[] audio = null;
        int unknown = 0;
        int[] others = null;
        i++;
        while (true) {
            i = skipSpace(b, i, end);
            if (i >= end || b[i] != '"') {
                return null;
            }
            int key0 = i + 1;
            int key1 = plainStringEnd(b, key0, end);
            if (key1 < 0) {
                return null;
            }
            int field = field(b, key0, key1 - key0);
            if ((seen & field) != 0) {
                return null;
            }
            seen |= field;
            if (field == 0 && others == null) {
                others = new int[8];
            }
            if (field == 0) {
                // A repeated unknown key is as malformed as a repeated known one: the parser's path rejects it.
                if (unknown == others.length / 2) {
                    return null;
                }
                for (int k = 0; k < unknown; k++) {
                    if (Arrays.equals(b, others[2 * k], others[2 * k + 1], b, key0, key1)) {
                        return null;
                    }
                }
                others[2 * unknown] = key0;
                others[2 * unknown + 1] = key1;
                unknown++;
            }
            i = skipSpace(b, key1 + 1, end);
            if (i >= end || b[i] != ':') {
                return null;
            }
            i = skipSpace(b, i + 1, end);
            if (i >= end) {
                return null;
            }
            byte c = b[i];
            if (c == '"') {
                int v0 = i + 1;
                int v1 = -1;
                if (field == DELTA && kind == 1) {
                    // The audio is nearly all of the frame and usually its last field: take the frame's last
                    // quote as the string's end and let the base64 decoder check every byte up to it (none may
                    // be a quote, a backslash or a control character); else scan for the end.
                    int last = lastQuote(b, v0, end);
                    if (last >= 0) {
                        audio = base64OrNull(b, v0, last);
                        if (audio != null) {
                            v1 = last;
                        }
                    }
                }
                if (v1 < 0) {
                    v1 = plainStringEnd(b, v0, end);
                }
                if (v1 < 0) {
                    return null;
                }
                switch (field) {
                    case TYPE -> {
                        kind = kind(b, v0, v1 - v0);
                        if (kind == 0) {
                            return null;
                        }
                    }
                    case EVENT_ID -> {
                        eventId0 = v0;
                        eventId1 = v1;
                    }
                    case RESPONSE_ID -> {
                        responseId0 = v0;
                        responseId1 = v1;
                    }
                    case ITEM_ID -> {
                        itemId0 = v0;
                        itemId1 = v1;
                    }
                    case DELTA -> {
                        delta0 = v0;
                        delta1 = v1;
                    }
                    case 0 -> { }
                    default -> {
                        return null;   // a string where a number belongs
                    }
                }
                i = v1 + 1;
            } else if ((c >= '0' && c <= '9') && (field == OUTPUT_INDEX || field == CONTENT_INDEX)) {
                if (c == '0' && i + 1 < end && b[i + 1] >= '0' && b[i + 1] <= '9') {
                    return null;   // a leading zero: not JSON
                }
                long n = 0;
                int digits = 0;
                while (i < end && b[i] >= '0' && b[i] <= '9' && digits < 10) {
                    n = n * 10 + (b[i++] - '0');
                    digits++;
                }
                if (n > Integer.MAX_VALUE || (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'
                        || (b[i] >= '0' && b[i] <= '9')))) {
                    return null;
                }
                if (field == OUTPUT_INDEX) {
                    outputIndex = (int) n;
                } else {
                    contentIndex = (int) n;
                }
            } else {
                return null;   // nulls, numbers in unknown fields, nested values: the general path
            }
            i = skipSpace(b, i, end);
            if (i >= end) {
                return null;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return null;
            }
            i++;
        }
        if (skipSpace(b, i + 1, end) != end || kind == 0 || delta0 < 0) {
            return null;
        }
        Scratch s = SCRATCH.get();
        String eventId = eventId0 < 0 ? null : new String(b, eventId0, eventId1 - eventId0, StandardCharsets.UTF_8);
        String responseId = responseId0 < 0 ? null : s.responseId.of(b, responseId0, responseId1);
        String itemId = itemId0 < 0 ? null : s.itemId.of(b, itemId0, itemId1);
        return switch (kind) {
            case 1 -> new ResponseOutputAudioDelta(eventId, responseId, itemId, outputIndex, contentIndex,
                    audio != null ? audio : base64(s, b, delta0, delta1, offset, length));
            case 2 -> new ResponseOutputAudioTranscriptDelta(eventId, responseId, itemId, outputIndex, contentIndex,
                    new String(b, delta0, delta1 - delta0, StandardCharsets.UTF_8));
            default -> new ResponseOutputTextDelta(eventId, responseId, itemId, outputIndex, contentIndex,
                    new String(b, delta0, delta1 - delta0, StandardCharsets.UTF_8));
        };
    }

    private static byte[] base64(Scratch s, byte[] b, int start, int end, int offset, int length) {
        try {
            return decode(s, b, start, end);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("Server event '" + ResponseOutputAudioDelta.TYPE + "' has an unreadable field"
                    + " ('delta' is not valid base64: " + e.getMessage() + ")", EventCodec.text(b, offset, length), e);
        }
    }

    /** Decodes {@code b[start, end)} straight into the PCM array, through the thread's reusable view of {@code b}. */
    private static byte[] decode(Scratch s, byte[] b, int start, int end) {
        ByteBuffer view = s.view;
        if (view == null || view.array() != b) {
            view = ByteBuffer.wrap(b);
            s.view = view;
        }
        view.limit(end).position(start);
        ByteBuffer pcm = Base64.getDecoder().decode(view);
        byte[] a = pcm.array();
        return pcm.remaining() == a.length ? a : Arrays.copyOfRange(a, pcm.position(), pcm.limit());
    }

    /** The index of the quote that ends the frame (followed by the object's end only), or -1. */
    private static int lastQuote(byte[] b, int from, int end) {
        int i = end - 1;
        while (i >= from && isSpace(b[i])) {
            i--;
        }
        if (i < from || b[i] != '}') {
            return -1;
        }
        i--;
        while (i >= from && isSpace(b[i])) {
            i--;
        }
        return i >= from && b[i] == '"' ? i : -1;
    }

    /** The audio in {@code b[start, end)}, or null when it is not plain base64 (the caller scans the string instead). */
    private static byte[] base64OrNull(byte[] b, int start, int end) {
        try {
            return decode(SCRATCH.get(), b, start, end);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static int kind(byte[] b, int start, int length) {
        for (byte[] t : AUDIO) {
            if (Arrays.equals(b, start, start + length, t, 0, t.length)) {
                return 1;
            }
        }
        for (byte[] t : TRANSCRIPT) {
            if (Arrays.equals(b, start, start + length, t, 0, t.length)) {
                return 2;
            }
        }
        for (byte[] t : TEXT) {
            if (Arrays.equals(b, start, start + length, t, 0, t.length)) {
                return 3;
            }
        }
        return 0;
    }

    private static int field(byte[] b, int start, int length) {
        return switch (length) {
            case 4 -> is(b, start, "type") ? TYPE : 0;
            case 5 -> is(b, start, "delta") ? DELTA : 0;
            case 7 -> is(b, start, "item_id") ? ITEM_ID : 0;
            case 8 -> is(b, start, "event_id") ? EVENT_ID : 0;
            case 11 -> is(b, start, "response_id") ? RESPONSE_ID : 0;
            case 12 -> is(b, start, "output_index") ? OUTPUT_INDEX : 0;
            case 13 -> is(b, start, "content_index") ? CONTENT_INDEX : 0;
            default -> 0;
        };
    }

    private static boolean is(byte[] b, int start, String name) {
        for (int k = 0; k < name.length(); k++) {
            if (b[start + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the closing quote of a string starting at {@code i}, or -1 if it has an escape or control character. */
    private static int plainStringEnd(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            long quote = x ^ 0x2222222222222222L;
            long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
            long suspect = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - 0x2020202020202020L) & ~x);
            if ((suspect & HIGHS) != 0) {
                break;   // one of these eight may end the string: look byte by byte
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
