package dev.tau4j.cost;

import dev.tau4j.internal.Readable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Caps on what one logical session may spend: estimated USD, tokens and connected time. A cap
 * that is {@code null} is not enforced; at least one is required. Build with {@link #builder()}.
 *
 * <p>A cap is reached when the amount spent is at or above it. A warning is signalled once per
 * cap when the amount spent first reaches {@code warnAt × cap}.
 *
 * @param maxUsd            cap on the estimated cost in USD, or {@code null}. Responses whose cost
 *                          is unknown do not count towards it (their tokens still count)
 * @param maxTokens         cap on tokens (response input + output, transcription), or {@code null}
 * @param maxConnectedTime  cap on connected time summed across reconnects, or {@code null}
 * @param warnAt            fraction of each cap at which to warn, in (0, 1]; default 0.8
 * @param policy            what happens at a cap; default {@link BudgetPolicy#REFUSE_NEW_RESPONSES}
 */
public record Budget(BigDecimal maxUsd, Long maxTokens, Duration maxConnectedTime, double warnAt, BudgetPolicy policy) {

    /** The default warning threshold: 80 % of each cap. */
    public static final double DEFAULT_WARN_AT = 0.8;

    public Budget {
        Objects.requireNonNull(policy, "policy");
        if (maxUsd == null && maxTokens == null && maxConnectedTime == null) {
            throw new IllegalArgumentException("a budget needs at least one cap: maxUsd, maxTokens or maxConnectedTime");
        }
        if (maxUsd != null && maxUsd.signum() <= 0) {
            throw new IllegalArgumentException("maxUsd must be positive, got " + maxUsd);
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        if (maxConnectedTime != null && (maxConnectedTime.isNegative() || maxConnectedTime.isZero())) {
            throw new IllegalArgumentException("maxConnectedTime must be positive, got " + maxConnectedTime);
        }
        if (!(warnAt > 0 && warnAt <= 1)) {
            throw new IllegalArgumentException("warnAt must be in (0, 1], got " + warnAt);
        }
    }

    /** A builder with no caps, {@code warnAt} 0.8 and {@link BudgetPolicy#REFUSE_NEW_RESPONSES}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this budget's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxUsd = maxUsd;
        b.maxTokens = maxTokens;
        b.maxConnectedTime = maxConnectedTime;
        b.warnAt = warnAt;
        b.policy = policy;
        return b;
    }

    /** The cap of {@code cap} in its {@link BudgetCap#unit()}, or {@code null} when not capped. */
    public BigDecimal limit(BudgetCap cap) {
        return switch (cap) {
            case USD -> maxUsd;
            case TOKENS -> maxTokens == null ? null : BigDecimal.valueOf(maxTokens);
            case CONNECTED_TIME -> maxConnectedTime == null ? null : seconds(maxConnectedTime);
        };
    }

    static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    }

    /** Builds a {@link Budget}. */
    public static final class Builder {
        private BigDecimal maxUsd;
        private Long maxTokens;
        private Duration maxConnectedTime;
        private double warnAt = DEFAULT_WARN_AT;
        private BudgetPolicy policy = BudgetPolicy.REFUSE_NEW_RESPONSES;

        private Builder() {
        }

        /** Cap on estimated USD, e.g. {@code maxUsd("1.50")}. */
        public Builder maxUsd(String usd) {
            return maxUsd(new BigDecimal(usd));
        }

        /** Cap on estimated USD; {@code null} removes it. */
        public Builder maxUsd(BigDecimal usd) {
            this.maxUsd = usd;
            return this;
        }

        /** Cap on tokens. */
        public Builder maxTokens(long tokens) {
            this.maxTokens = tokens;
            return this;
        }

        /** Cap on connected time; {@code null} removes it. */
        public Builder maxConnectedTime(Duration time) {
            this.maxConnectedTime = time;
            return this;
        }

        /** Fraction of each cap at which to warn, in (0, 1]. */
        public Builder warnAt(double fraction) {
            this.warnAt = fraction;
            return this;
        }

        public Builder policy(BudgetPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Budget build() {
            return new Budget(maxUsd, maxTokens, maxConnectedTime, warnAt, policy);
        }
    }

    /** {@code Budget[max $1, 10000 tokens, 30 min connected; warn at 80%; REFUSE_NEW_RESPONSES]}. */
    @Override
    public String toString() {
        java.util.List<String> caps = new java.util.ArrayList<>();
        if (maxUsd != null) {
            caps.add(Readable.usd(maxUsd));
        }
        if (maxTokens != null) {
            caps.add(maxTokens + " tokens");
        }
        if (maxConnectedTime != null) {
            caps.add(Readable.duration(maxConnectedTime) + " connected");
        }
        return "Budget[" + (caps.isEmpty() ? "no cap" : "max " + String.join(", ", caps)) + "; warn at "
                + Readable.percent(warnAt) + "; " + policy + "]";
    }
}
