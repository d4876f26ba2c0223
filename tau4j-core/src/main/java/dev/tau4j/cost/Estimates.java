package dev.tau4j.cost;

import dev.tau4j.event.TranscriptionUsage;
import dev.tau4j.event.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The arithmetic behind {@link PriceTable}'s estimate methods. */
final class Estimates {

    private Estimates() {
    }

    static CostEstimate tokens(PriceTable table, String model, Usage usage) {
        Objects.requireNonNull(usage, "usage");
        Optional<ModelPrice> found = table.find(model);
        if (found.isEmpty()) {
            return notInTable(table, model);
        }
        ModelPrice price = found.get();
        if (!price.isTokenPriced()) {
            if (usage.totalTokens() == 0) {
                return CostEstimate.of(model, List.of(), null);
            }
            return CostEstimate.unknown(model, "model '" + model + "' is billed per minute ("
                    + price.usdPerMinute() + " USD/min), not per token; estimate from the connected time");
        }
        long[] billed = new long[TokenKind.values().length];
        billed[TokenKind.INPUT_TEXT.ordinal()] = usage.inputTextTokens() - cachedWithin(usage.cachedTextTokens(), usage.inputTextTokens());
        billed[TokenKind.INPUT_TEXT_CACHED.ordinal()] = cachedWithin(usage.cachedTextTokens(), usage.inputTextTokens());
        billed[TokenKind.INPUT_AUDIO.ordinal()] = usage.inputAudioTokens() - cachedWithin(usage.cachedAudioTokens(), usage.inputAudioTokens());
        billed[TokenKind.INPUT_AUDIO_CACHED.ordinal()] = cachedWithin(usage.cachedAudioTokens(), usage.inputAudioTokens());
        billed[TokenKind.INPUT_IMAGE.ordinal()] = usage.inputImageTokens() - cachedWithin(usage.cachedImageTokens(), usage.inputImageTokens());
        billed[TokenKind.INPUT_IMAGE_CACHED.ordinal()] = cachedWithin(usage.cachedImageTokens(), usage.inputImageTokens());
        billed[TokenKind.OUTPUT_TEXT.ordinal()] = usage.outputTextTokens();
        billed[TokenKind.OUTPUT_AUDIO.ordinal()] = usage.outputAudioTokens();
        return priceLines(model, price, billed);
    }

    static CostEstimate transcription(PriceTable table, String model, TranscriptionUsage usage) {
        Objects.requireNonNull(usage, "usage");
        Optional<ModelPrice> found = table.find(model);
        if (found.isEmpty()) {
            return notInTable(table, model);
        }
        ModelPrice price = found.get();
        if (usage.kind() == TranscriptionUsage.Kind.DURATION) {
            if (price.perMinute().isEmpty()) {
                return CostEstimate.unknown(model, "transcription model '" + model
                        + "' has no per-minute price, but the server reported a duration");
            }
            long nanos = Math.round(usage.seconds() * 1e9);
            return CostEstimate.of(model, List.of(), TimeCharge.of(Duration.ofNanos(nanos), price.usdPerMinute()));
        }
        if (!price.isTokenPriced()) {
            return CostEstimate.unknown(model, "transcription model '" + model
                    + "' has only a per-minute price, but the server reported tokens");
        }
        long[] billed = new long[TokenKind.values().length];
        billed[TokenKind.INPUT_TEXT.ordinal()] = usage.inputTextTokens();
        billed[TokenKind.INPUT_AUDIO.ordinal()] = usage.inputAudioTokens();
        billed[TokenKind.OUTPUT_TEXT.ordinal()] = usage.outputTokens();
        return priceLines(model, price, billed);
    }

    static CostEstimate connection(PriceTable table, String model, Duration connected) {
        Objects.requireNonNull(connected, "connected");
        if (connected.isNegative()) {
            throw new IllegalArgumentException("connected time must not be negative, got " + connected);
        }
        Optional<ModelPrice> found = table.find(model);
        if (found.isEmpty()) {
            return notInTable(table, model);
        }
        if (found.get().perMinute().isEmpty()) {
            return CostEstimate.unknown(model, "model '" + model + "' is billed per token, not per connection minute");
        }
        return CostEstimate.of(model, List.of(), TimeCharge.of(connected, found.get().usdPerMinute()));
    }

    /** Lines for every kind the model prices, plus unpriced kinds that have tokens. */
    private static CostEstimate priceLines(String model, ModelPrice price, long[] billed) {
        List<CostLine> lines = new ArrayList<>();
        for (TokenKind kind : TokenKind.values()) {
            long tokens = billed[kind.ordinal()];
            Optional<BigDecimal> rate = price.perMillion(kind);
            if (rate.isEmpty() && kind.isCached()) {
                rate = price.perMillion(kind.uncached());
            }
            if (rate.isEmpty()) {
                if (tokens > 0) {
                    return CostEstimate.unknown(model, "model '" + model + "' has no " + kind.key()
                            + " price, but the usage has " + tokens + " such tokens");
                }
                continue;
            }
            if (tokens == 0 && price.perMillion(kind).isEmpty()) {
                continue;
            }
            lines.add(CostLine.of(kind, tokens, rate.get()));
        }
        return CostEstimate.of(model, lines, null);
    }

    private static long cachedWithin(long cached, long input) {
        return Math.min(cached, input);
    }

    private static CostEstimate notInTable(PriceTable table, String model) {
        return CostEstimate.unknown(String.valueOf(model), "model '" + model + "' is not in the price table (dated "
                + table.effectiveDate() + "); add it with PriceTable.withModel or a --prices file");
    }
}
