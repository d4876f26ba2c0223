package dev.tau4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes API keys from text before it reaches a log line, an exception or a debug stream.
 * Keys the library was given are registered and replaced wherever they appear; anything that
 * looks like an OpenAI key ({@code sk-…}, ephemeral {@code ek_…}) is masked too.
 */
public final class Redaction {

    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-|ek_)[A-Za-z0-9_*\\-]{6,}");
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Redaction() {
    }

    /** Registers a secret so that {@link #redact} replaces it everywhere. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 4) {
            KNOWN.add(secret);
        }
    }

    /** {@code text} with every known secret and key-like token replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : KNOWN) {
            if (out.contains(secret)) {
                out = out.replace(secret, "***");
            }
        }
        return KEY_LIKE.matcher(out).replaceAll("$1***");
    }
}
