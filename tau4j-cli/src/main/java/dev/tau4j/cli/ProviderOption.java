package dev.tau4j.cli;

import dev.tau4j.Provider;
import dev.tau4j.simulator.SimDialect;
import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code --provider openai|azure|xai|gemini}, and maps a provider to the simulator dialect that stands in for it. */
final class ProviderOption implements CommandLine.ITypeConverter<Provider> {

    @Override
    public Provider convert(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "openai" -> Provider.OPENAI;
            case "azure" -> Provider.AZURE_OPENAI;
            case "xai" -> Provider.XAI;
            case "gemini" -> Provider.GEMINI;
            default -> throw new CommandLine.TypeConversionException("expected openai, azure, xai or gemini, got '" + value + "'");
        };
    }

    /** The simulator dialect that stands in for {@code provider}. */
    static SimDialect simulatorDialect(Provider provider) {
        return switch (provider.protocol()) {
            case OPENAI_GA -> provider.name().equals("azure") ? SimDialect.AZURE : SimDialect.OPENAI;
            case XAI -> SimDialect.XAI;
            case GEMINI_LIVE -> SimDialect.GEMINI;
        };
    }
}
