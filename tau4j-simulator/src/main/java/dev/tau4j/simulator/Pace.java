package dev.tau4j.simulator;

/**
 * How fast the simulator streams output audio.
 *
 * <p>{@link #FAST} emits every event as soon as the socket accepts it. {@link #REALTIME} spaces
 * {@code response.output_audio.delta} events at playback speed, like the real service;
 * {@link #realtime(double)} scales that (2.0 = twice as fast as playback).
 *
 * @param speedFactor playback multiple; {@code 0} means as fast as possible
 */
public record Pace(double speedFactor) {
    /** As fast as possible (the default). */
    public static final Pace FAST = new Pace(0);
    /** Audio deltas at playback speed. */
    public static final Pace REALTIME = new Pace(1.0);

    public Pace {
        if (!(speedFactor >= 0) || Double.isInfinite(speedFactor)) {
            throw new IllegalArgumentException("speedFactor must be finite and >= 0, got " + speedFactor);
        }
    }

    /** Audio deltas at {@code speedFactor} × playback speed; must be positive. */
    public static Pace realtime(double speedFactor) {
        if (!(speedFactor > 0)) {
            throw new IllegalArgumentException("speedFactor must be > 0, got " + speedFactor);
        }
        return new Pace(speedFactor);
    }

    /** True for {@link #FAST}. */
    public boolean isFast() {
        return speedFactor == 0;
    }
}
