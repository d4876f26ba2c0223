package dev.tau4j;

import java.util.LinkedHashSet;
import java.util.Set;

/** What of a secret shows in a text: the secret itself or any 8-character piece of it. */
public final class KeyPieces {

    /** The length of the shortest piece that counts as a leak. */
    public static final int PIECE = 8;

    private KeyPieces() {
    }

    /** The 8-character pieces of {@code secret} (the secret itself when shorter) found in {@code text}. */
    public static Set<String> in(String text, String secret) {
        Set<String> found = new LinkedHashSet<>();
        if (text == null) {
            return found;
        }
        if (secret.length() < PIECE) {
            if (text.contains(secret)) {
                found.add(secret);
            }
            return found;
        }
        for (int i = 0; i + PIECE <= secret.length(); i++) {
            String piece = secret.substring(i, i + PIECE);
            if (text.contains(piece)) {
                found.add(piece);
            }
        }
        return found;
    }
}
