package dev.tau4j.cost;

import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One priced kind of tokens in a {@link CostEstimate}.
 *
 * @param kind           what was billed
 * @param tokens         how many tokens were billed at this rate (for uncached input kinds: the
 *                       input count minus the cached count)
 * @param usdPerMillion  the rate applied, USD per 1M tokens
 * @param usd            {@code tokens × usdPerMillion / 1,000,000}, exact
 */
public record CostLine(TokenKind kind, long tokens, BigDecimal usdPerMillion, BigDecimal usd) {

    public CostLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(usdPerMillion, "usdPerMillion");
        Objects.requireNonNull(usd, "usd");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, got " + tokens);
        }
    }

    /** Prices {@code tokens} of {@code kind} at {@code usdPerMillion}. */
    public static CostLine of(TokenKind kind, long tokens, BigDecimal usdPerMillion) {
        return new CostLine(kind, tokens, usdPerMillion,
                usdPerMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6));
    }

    /** {@code input_text 132 × $4/M = $0.000528}. */
    @Override
    public String toString() {
        return kind.key() + " " + tokens + " × " + Readable.usd(usdPerMillion) + "/M = " + Readable.usd(usd);
    }
}
