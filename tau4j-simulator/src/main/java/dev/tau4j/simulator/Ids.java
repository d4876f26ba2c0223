package dev.tau4j.simulator;

import java.util.Random;

/** Seeded id factory of one connection; confined to the connection's thread. */
final class Ids {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final Random random;

    Ids(long seed) {
        this.random = new Random(seed);
    }

    /** {@code prefix + "_" + 21 base62 chars}, the shape of every OpenAI realtime id. */
    String next(String prefix) {
        return prefix + "_" + chars(21);
    }

    String call() {
        return "call_" + chars(16);
    }

    String obfuscation() {
        return chars(4 + random.nextInt(12));
    }

    String chars(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = BASE62.charAt(random.nextInt(62));
        }
        return new String(c);
    }

    double nextDouble() {
        return random.nextDouble();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
