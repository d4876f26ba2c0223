package dev.tau4j.cli;

import dev.tau4j.simulator.Pace;
import picocli.CommandLine;

/** Parses {@code --pace realtime|fast}. */
final class PaceOption implements CommandLine.ITypeConverter<Pace> {

    @Override
    public Pace convert(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "realtime" -> Pace.REALTIME;
            case "fast" -> Pace.FAST;
            default -> throw new CommandLine.TypeConversionException("expected realtime or fast, got '" + value + "'");
        };
    }
}
