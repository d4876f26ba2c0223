package dev.tau4j.cost;

import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The time-billed part of a {@link CostEstimate}: connection minutes of a per-minute realtime
 * model (xAI), or audio minutes of a transcription model. Fractional minutes are billed
 * pro rata (providers may round up; an estimate does not guess).
 *
 * @param duration      the billed time
 * @param usdPerMinute  the rate applied
 * @param usd           {@code duration in minutes × usdPerMinute}, rounded to
 *                      {@value CostEstimate#SCALE} decimal places, half-even
 */
public record TimeCharge(Duration duration, BigDecimal usdPerMinute, BigDecimal usd) {

    public TimeCharge {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(usdPerMinute, "usdPerMinute");
        Objects.requireNonNull(usd, "usd");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
    }

    /** Prices {@code duration} at {@code usdPerMinute}. */
    public static TimeCharge of(Duration duration, BigDecimal usdPerMinute) {
        BigDecimal nanos = BigDecimal.valueOf(duration.getSeconds()).movePointRight(9)
                .add(BigDecimal.valueOf(duration.getNano()));
        BigDecimal usd = usdPerMinute.multiply(nanos)
                .divide(BigDecimal.valueOf(60_000_000_000L), CostEstimate.SCALE, java.math.RoundingMode.HALF_EVEN);
        return new TimeCharge(duration, usdPerMinute, usd);
    }

    /** {@code 12.5 s × $0.06/min = $0.0125}. */
    @Override
    public String toString() {
        return Readable.duration(duration) + " × " + Readable.usd(usdPerMinute) + "/min = " + Readable.usd(usd);
    }
}
