package dev.tau4j.internal;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Removes API keys from text before it reaches a log line, an exception or a debug stream.
 *
 * <p>The keys of live clients are registered ({@link #register}) and released when the client
 * closes, so the set stays as small as the number of clients open (short-lived ephemeral keys do
 * not pile up). Every 8-character piece of a registered key is replaced wherever it appears, so a
 * key without its {@code sk-} prefix, cut in two by a log line, or quoted in part by a server is
 * masked too; a registered secret shorter than 8 characters is replaced when it appears whole.
 * Anything that looks like an OpenAI key ({@code sk-…}, ephemeral {@code ek_…}) is masked as well.
 * Thread-safe; {@link #redact} takes no lock (it reads an immutable index).
 */
public final class Redaction {

    /** The length of the pieces of a key that are found and masked. */
    public static final int PIECE = 8;
    private static final int MIN_SECRET = 4;
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-|ek_)[A-Za-z0-9_*\\-]{6,}");
    /** Registered secrets and how many live registrations hold each. Guarded by the class lock. */
    private static final Map<String, Integer> LIVE = new HashMap<>();
    /** Rebuilt under the class lock whenever {@link #LIVE}'s keys change; read without locking. */
    private static volatile Index index = Index.EMPTY;

    private Redaction() {
    }

    /** A registered secret; {@link #close()} releases it (idempotent). */
    public static final class Registration implements AutoCloseable {
        private final String secret;
        private final AtomicBoolean released = new AtomicBoolean();

        private Registration(String secret) {
            this.secret = secret;
        }

        @Override
        public void close() {
            if (secret != null && released.compareAndSet(false, true)) {
                release(secret);
            }
        }
    }

    /**
     * Registers a secret so that {@link #redact} masks it (and its pieces) until the returned
     * registration is closed. Null and secrets under 4 characters are not registered.
     */
    public static Registration register(String secret) {
        if (secret == null || secret.length() < MIN_SECRET) {
            return new Registration(null);
        }
        synchronized (Redaction.class) {
            if (LIVE.merge(secret, 1, Integer::sum) == 1) {
                index = Index.of(LIVE.keySet());
            }
        }
        return new Registration(secret);
    }

    private static void release(String secret) {
        synchronized (Redaction.class) {
            Integer left = LIVE.computeIfPresent(secret, (k, n) -> n == 1 ? null : n - 1);
            if (left == null) {
                index = Index.of(LIVE.keySet());
            }
        }
    }

    /** How many distinct secrets are registered now. */
    public static int registered() {
        synchronized (Redaction.class) {
            return LIVE.size();
        }
    }

    /**
     * What a record's own {@code toString()} would say ({@code Name[a=1, b=x]}), redacted: for the
     * records of events and options, whose strings may hold what a server echoed.
     */
    public static String describe(Record record) {
        StringBuilder b = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            Object value;
            try {
                value = components[i].getAccessor().invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                value = "?";
            }
            b.append(components[i].getName()).append('=').append(value);
        }
        return redact(b.append(']').toString());
    }

    /** {@code text} with every registered secret, every 8-character piece of one, and every key-like token masked. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = index.mask(text);
        return KEY_LIKE.matcher(out).replaceAll("$1***");
    }

    /**
     * An open-addressing table of the 8-character windows of the secrets, keyed by a polynomial
     * rolling hash, so that a text is scanned once with one probe per character. Short secrets are
     * kept apart and searched whole.
     */
    private static final class Index {
        static final Index EMPTY = new Index(new long[0], new String[0], new int[0], List.of());
        private static final long BASE = 1_000_003L;
        private static final long BASE_POW = pow(BASE, PIECE - 1);

        private final long[] hashes;
        private final String[] owners;
        private final int[] offsets;
        private final List<String> shortSecrets;
        private final int mask;

        private Index(long[] hashes, String[] owners, int[] offsets, List<String> shortSecrets) {
            this.hashes = hashes;
            this.owners = owners;
            this.offsets = offsets;
            this.shortSecrets = shortSecrets;
            this.mask = hashes.length - 1;
        }

        static Index of(Iterable<String> secrets) {
            int windows = 0;
            List<String> shorts = new ArrayList<>();
            for (String s : secrets) {
                if (s.length() < PIECE) {
                    shorts.add(s);
                } else {
                    windows += s.length() - PIECE + 1;
                }
            }
            if (windows == 0 && shorts.isEmpty()) {
                return EMPTY;
            }
            int size = Integer.highestOneBit(Math.max(16, windows * 2 - 1)) << 1;
            Index index = new Index(new long[size], new String[size], new int[size], List.copyOf(shorts));
            for (String s : secrets) {
                if (s.length() < PIECE) {
                    continue;
                }
                long h = hash(s, 0);
                for (int i = 0; ; i++) {
                    index.put(h, s, i);
                    if (i + PIECE >= s.length()) {
                        break;
                    }
                    h = roll(h, s.charAt(i), s.charAt(i + PIECE));
                }
            }
            return index;
        }

        private void put(long h, String owner, int offset) {
            int slot = slot(h);
            while (owners[slot] != null) {
                if (hashes[slot] == h && owners[slot].regionMatches(offsets[slot], owner, offset, PIECE)) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            hashes[slot] = h;
            owners[slot] = owner;
            offsets[slot] = offset;
        }

        private boolean contains(long h, String text, int at) {
            int slot = slot(h);
            while (owners[slot] != null) {
                if (hashes[slot] == h && text.regionMatches(at, owners[slot], offsets[slot], PIECE)) {
                    return true;
                }
                slot = (slot + 1) & mask;
            }
            return false;
        }

        String mask(String text) {
            String out = text;
            for (String s : shortSecrets) {
                if (out.contains(s)) {
                    out = out.replace(s, "***");
                }
            }
            if (owners.length == 0 || out.length() < PIECE) {
                return out;
            }
            StringBuilder b = null;
            int copied = 0;
            int coveredTo = -1;     // characters before this index are part of a masked run
            long h = hash(out, 0);
            for (int i = 0; ; i++) {
                if (contains(h, out, i)) {
                    if (b == null) {
                        b = new StringBuilder(out.length());
                    }
                    if (i > coveredTo) {
                        b.append(out, copied, i).append("***");
                    }
                    coveredTo = i + PIECE;
                    copied = coveredTo;
                }
                if (i + PIECE >= out.length()) {
                    break;
                }
                h = roll(h, out.charAt(i), out.charAt(i + PIECE));
            }
            return b == null ? out : b.append(out, copied, out.length()).toString();
        }

        private int slot(long h) {
            return (int) ((h * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }

        private static long hash(String s, int from) {
            long h = 0;
            for (int i = from; i < from + PIECE; i++) {
                h = h * BASE + s.charAt(i);
            }
            return h;
        }

        private static long roll(long h, char out, char in) {
            return (h - out * BASE_POW) * BASE + in;
        }

        private static long pow(long base, int exponent) {
            long r = 1;
            for (int i = 0; i < exponent; i++) {
                r *= base;
            }
            return r;
        }
    }
}
