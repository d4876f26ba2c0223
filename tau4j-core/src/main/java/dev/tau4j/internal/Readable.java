package dev.tau4j.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** How value types write amounts in their {@code toString()}: short, exact, without exponents. */
public final class Readable {

    private Readable() {
    }

    /** {@code $0.001536}, {@code $4}: every significant digit, never scientific notation. */
    public static String usd(BigDecimal usd) {
        return usd == null ? "unknown" : "$" + plain(usd);
    }

    /** {@code 0.8}, {@code 12}: a decimal without trailing zeros or exponent. */
    public static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** {@code 850 ms}, {@code 12.5 s}, {@code 3 min 20 s}. */
    public static String duration(Duration d) {
        if (d == null) {
            return "none";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return plain(BigDecimal.valueOf(ms, 3)) + " s";
        }
        long s = d.toSeconds();
        return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    /** {@code text} cut to {@code max} characters with an ellipsis; "null" for null. */
    public static String clip(String text, int max) {
        if (text == null) {
            return "null";
        }
        String one = text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    /** {@code 1 response}, {@code 2 responses}. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** A percentage of a fraction: {@code 0.8} → {@code 80%}. */
    public static String percent(double fraction) {
        return plain(BigDecimal.valueOf(fraction * 100).setScale(2, java.math.RoundingMode.HALF_UP)) + "%";
    }
}
