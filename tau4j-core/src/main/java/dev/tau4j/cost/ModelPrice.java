package dev.tau4j.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The price of one model: USD per 1M tokens for each {@link TokenKind} it prices, and/or USD per
 * minute (connection minutes for per-minute realtime models such as xAI's, audio minutes for
 * transcription models).
 *
 * <p>A kind absent from {@code usdPerMillion} is not priced: tokens of that kind make an estimate
 * "cost unknown", except a cached kind, whose tokens are then billed at the uncached rate (the
 * model gives no cache discount).
 *
 * @param usdPerMillion  USD per 1M tokens by kind; non-negative; copied
 * @param usdPerMinute   USD per minute, or {@code null} when the model is not billed by time
 * @param effectiveDate  the day these prices took effect (as far as the source says)
 * @param source         where the figures come from; "unverified" marks third-party copies
 */
public record ModelPrice(Map<TokenKind, BigDecimal> usdPerMillion, BigDecimal usdPerMinute,
                         LocalDate effectiveDate, String source) {

    public ModelPrice {
        Objects.requireNonNull(usdPerMillion, "usdPerMillion");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(source, "source");
        EnumMap<TokenKind, BigDecimal> copy = new EnumMap<>(TokenKind.class);
        usdPerMillion.forEach((kind, price) -> {
            Objects.requireNonNull(kind, "token kind");
            copy.put(kind, requirePrice(price, kind.key()));
        });
        usdPerMillion = copy.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(copy);
        if (usdPerMinute != null) {
            requirePrice(usdPerMinute, "usd_per_minute");
        }
        if (usdPerMillion.isEmpty() && usdPerMinute == null) {
            throw new IllegalArgumentException("a model price needs at least one token price or a per-minute price");
        }
    }

    /** USD per 1M tokens of {@code kind}, if priced. */
    public Optional<BigDecimal> perMillion(TokenKind kind) {
        return Optional.ofNullable(usdPerMillion.get(kind));
    }

    /** USD per minute, if the model is billed by time. */
    public Optional<BigDecimal> perMinute() {
        return Optional.ofNullable(usdPerMinute);
    }

    /** Whether this model has any per-token price. */
    public boolean isTokenPriced() {
        return !usdPerMillion.isEmpty();
    }

    /** A builder; prices are given in USD per 1M tokens. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this price's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prices.putAll(usdPerMillion);
        b.usdPerMinute = usdPerMinute;
        b.effectiveDate = effectiveDate;
        b.source = source;
        return b;
    }

    private static BigDecimal requirePrice(BigDecimal price, String what) {
        Objects.requireNonNull(price, what);
        if (price.signum() < 0) {
            throw new IllegalArgumentException(what + " price must not be negative, got " + price);
        }
        return price;
    }

    /** Builds a {@link ModelPrice}; {@code effectiveDate} defaults to today, {@code source} to "user". */
    public static final class Builder {
        private final EnumMap<TokenKind, BigDecimal> prices = new EnumMap<>(TokenKind.class);
        private BigDecimal usdPerMinute;
        private LocalDate effectiveDate;
        private String source = "user";

        private Builder() {
        }

        /** USD per 1M tokens of {@code kind}, e.g. {@code price(INPUT_AUDIO, "32.00")}. */
        public Builder price(TokenKind kind, String usdPerMillion) {
            return price(kind, new BigDecimal(usdPerMillion));
        }

        /** USD per 1M tokens of {@code kind}. */
        public Builder price(TokenKind kind, BigDecimal usdPerMillion) {
            prices.put(Objects.requireNonNull(kind, "kind"), usdPerMillion);
            return this;
        }

        /** USD per minute (connection or audio minute). */
        public Builder perMinute(String usd) {
            this.usdPerMinute = new BigDecimal(usd);
            return this;
        }

        public Builder effectiveDate(LocalDate date) {
            this.effectiveDate = date;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public ModelPrice build() {
            return new ModelPrice(prices, usdPerMinute,
                    effectiveDate == null ? LocalDate.now(java.time.ZoneOffset.UTC) : effectiveDate, source);
        }
    }
}
