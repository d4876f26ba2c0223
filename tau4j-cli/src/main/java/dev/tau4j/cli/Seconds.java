package dev.tau4j.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine;

/** Parses a positive duration in seconds ({@code 30}, {@code 2.5}), or with a unit: {@code 500ms}, {@code 30s}, {@code 2m}. */
final class Seconds implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        long nanosPerUnit = 1_000_000_000L;
        if (v.endsWith("ms")) {
            nanosPerUnit = 1_000_000L;
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            nanosPerUnit = 60_000_000_000L;
            v = v.substring(0, v.length() - 1);
        }
        try {
            BigDecimal amount = new BigDecimal(v.strip());
            long nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact();
            if (nanos <= 0) {
                throw new CommandLine.TypeConversionException("expected a positive duration, got '" + value + "'");
            }
            return Duration.ofNanos(nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("expected seconds (e.g. 30, 2.5, 500ms, 2m), got '" + value + "'");
        }
    }
}
