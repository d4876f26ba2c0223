package dev.tau4j.simulator;

import java.util.Locale;

/**
 * How fast the simulator streams output audio, as a multiple of playback speed.
 *
 * <p>{@link #FAST} emits every event as soon as the socket accepts it. {@link #REALTIME} spaces
 * {@code response.output_audio.delta} events at playback speed; {@link #realtime(double)} scales
 * that (2.0 = twice as fast as playback). {@link #AHEAD} is what clients meet live: the server
 * produces audio faster than it plays, each 100 ms delta at a speed drawn (seeded) between {@code
 * minSpeed} and {@code maxSpeed}, so a barge-in may land while the response streams or after
 * {@code response.done}, when only local playback is left to stop.
 *
 * @param minSpeed slowest playback multiple; {@code 0} (with {@code maxSpeed} 0) means as fast as possible
 * @param maxSpeed fastest playback multiple, at least {@code minSpeed}
 */
public record Pace(double minSpeed, double maxSpeed) {
    /** As fast as possible. */
    public static final Pace FAST = new Pace(0, 0);
    /** Audio deltas at playback speed. */
    public static final Pace REALTIME = new Pace(1.0, 1.0);
    /** Audio 2–4 × faster than playback, jittered per delta: the live service's behaviour. */
    public static final Pace AHEAD = new Pace(2.0, 4.0);

    public Pace {
        if (!Double.isFinite(minSpeed) || !Double.isFinite(maxSpeed) || minSpeed < 0 || maxSpeed < minSpeed) {
            throw new IllegalArgumentException("need 0 <= minSpeed <= maxSpeed, both finite; got " + minSpeed + ", " + maxSpeed);
        }
        if (minSpeed == 0 && maxSpeed != 0) {
            throw new IllegalArgumentException("minSpeed 0 means FAST: maxSpeed must be 0 too, got " + maxSpeed);
        }
    }

    /** Audio deltas at exactly {@code speedFactor} × playback speed; must be positive. */
    public static Pace realtime(double speedFactor) {
        if (!(speedFactor > 0)) {
            throw new IllegalArgumentException("speedFactor must be > 0, got " + speedFactor);
        }
        return new Pace(speedFactor, speedFactor);
    }

    /** Each audio delta at a seeded random speed between {@code minSpeed} and {@code maxSpeed} × playback. */
    public static Pace ahead(double minSpeed, double maxSpeed) {
        if (!(minSpeed > 0)) {
            throw new IllegalArgumentException("minSpeed must be > 0, got " + minSpeed);
        }
        return new Pace(minSpeed, maxSpeed);
    }

    /**
     * Parses the CLI form: {@code fast}, {@code realtime}, {@code ahead} (= {@link #AHEAD}), a
     * multiple {@code 2x}, or a range {@code 2-4x}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Pace parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "fast" -> {
                return FAST;
            }
            case "realtime" -> {
                return REALTIME;
            }
            case "ahead" -> {
                return AHEAD;
            }
            default -> { }
        }
        if (s.endsWith("x")) {
            String body = s.substring(0, s.length() - 1);
            try {
                int dash = body.indexOf('-');
                if (dash > 0) {
                    return ahead(Double.parseDouble(body.substring(0, dash)), Double.parseDouble(body.substring(dash + 1)));
                }
                return realtime(Double.parseDouble(body));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("expected fast, realtime, ahead, a multiple like 2x or a range like 2-4x; got '" + text + "'");
    }

    /** True for {@link #FAST}. */
    public boolean isFast() {
        return maxSpeed == 0;
    }

    /** The speed for one delta given {@code u} uniform in [0, 1). */
    double speedAt(double u) {
        return minSpeed + u * (maxSpeed - minSpeed);
    }

    /** The CLI form ({@link #parse} reads it back). */
    @Override
    public String toString() {
        if (isFast()) {
            return "fast";
        }
        if (equals(REALTIME)) {
            return "realtime";
        }
        return minSpeed == maxSpeed ? fmt(minSpeed) + "x" : fmt(minSpeed) + "-" + fmt(maxSpeed) + "x";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
