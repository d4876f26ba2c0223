package dev.tau4j.cli;

import dev.tau4j.simulator.Pace;
import picocli.CommandLine;

/** Parses {@code --pace}: {@code fast}, {@code realtime}, {@code ahead}, a multiple {@code 2x} or a range {@code 2-4x} ({@link Pace#parse}). */
final class PaceOption implements CommandLine.ITypeConverter<Pace> {

    @Override
    public Pace convert(String value) {
        try {
            return Pace.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
