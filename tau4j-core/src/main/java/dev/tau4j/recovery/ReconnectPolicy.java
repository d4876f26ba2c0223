package dev.tau4j.recovery;

import dev.tau4j.ConnectionClosedException;
import dev.tau4j.ConnectionException;
import dev.tau4j.HandshakeException;
import dev.tau4j.TauException;
import dev.tau4j.TauOptions;
import dev.tau4j.TauTimeoutException;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * How a session recovers when its connection is lost: how often and how fast it reconnects, which
 * failures it retries, what becomes of a response that was running, and how much of the
 * conversation it keeps to replay.
 *
 * <p>On by default ({@link #DEFAULT}): up to 6 attempts, 250 ms doubling to at most 10 s, 20 %
 * jitter. Network errors, abnormal closes (1001, 1005, 1006, 1011, 1012, 1013, 1015), an expired
 * session and HTTP 408, 429 or 5xx on the handshake are retried; a rejected key, an unknown model or a
 * bad request never are. {@link #NONE} turns recovery off: a lost connection fails the session.
 *
 * <pre>{@code
 * TauOptions.builder().reconnect(ReconnectPolicy.builder().maxAttempts(10).maxDelay(Duration.ofSeconds(30)).build())
 * }</pre>
 *
 * @param maxAttempts     connection attempts per outage (0 = recovery off)
 * @param initialDelay    the wait before the first attempt
 * @param maxDelay        the longest wait between attempts
 * @param multiplier      how the wait grows from one attempt to the next (at least 1)
 * @param jitter          the random share of each wait, 0 to 1 (0.2 = ±20 %)
 * @param retryable       which failures are worth another attempt
 * @param inFlight        what becomes of a response that was running when the connection was lost
 * @param journalAudioBytes how many bytes of user audio the journal keeps for replay (default 16 MiB);
 *                        older audio items are replayed as their transcript (or a note of their length)
 * @param journalAudioAge how long the journal keeps a committed user audio item's bytes for replay
 *                        (default 2 minutes); older ones are replayed like those past
 *                        {@code journalAudioBytes}. With both bounds, an hour of streaming holds at most
 *                        the smaller window (at 24 kHz PCM16, 2 minutes are 5.5 MiB), plus the
 *                        uncommitted input, which {@code TauOptions.sendQueueBytes} bounds. Committed
 *                        audio is held in direct memory, outside the Java heap; all sessions together
 *                        hold at most the system property {@code tau4j.journal.memory} (e.g. {@code 3g}; default
 *                        half the maximum heap), past which turns are replayed as their transcript
 * @param journalItems    how many conversation items the journal keeps; the oldest are not replayed
 * @param sleeper         waits between attempts (tests pass one that returns at once)
 * @param clock           measures outages ({@link RecoveryStats#lastOutage()}, {@link RecoveryStats#totalOutage()})
 * @param random          draws the jitter
 */
public record ReconnectPolicy(
        int maxAttempts,
        Duration initialDelay,
        Duration maxDelay,
        double multiplier,
        double jitter,
        Predicate<? super TauException> retryable,
        InFlight inFlight,
        long journalAudioBytes,
        Duration journalAudioAge,
        int journalItems,
        Sleeper sleeper,
        InstantSource clock,
        RandomGenerator random) {

    /** Close codes of abnormal closes, worth a new connection. */
    public static final Set<Integer> RETRYABLE_CLOSE_CODES = Set.of(1001, 1005, 1006, 1011, 1012, 1013, 1015);

    /** Recovery on, with the defaults described above. */
    public static final ReconnectPolicy DEFAULT = builder().build();

    /** Recovery off: a lost connection fails the session. */
    public static final ReconnectPolicy NONE = builder().maxAttempts(0).build();

    /** What becomes of a response that was running when its connection was lost. */
    public enum InFlight {
        /** Ask for it again on the new connection; its handle completes with the new response. */
        REQUEST_AGAIN,
        /** Fail its handle with a {@link ConnectionClosedException} naming the interruption. */
        REPORT_INTERRUPTED
    }

    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code delay}. */
        void sleep(Duration delay) throws InterruptedException;

        /** Sleeps the calling thread. */
        Sleeper THREAD = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
    }

    public ReconnectPolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative, got " + maxAttempts);
        }
        requirePositive(initialDelay, "initialDelay");
        requirePositive(maxDelay, "maxDelay");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay (" + maxDelay + ") must not be below initialDelay (" + initialDelay + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
        Objects.requireNonNull(retryable, "retryable");
        Objects.requireNonNull(inFlight, "inFlight");
        if (journalAudioBytes < 0 || journalItems < 0) {
            throw new IllegalArgumentException("journal bounds must not be negative");
        }
        requirePositive(journalAudioAge, "journalAudioAge");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }

    /** Whether recovery is on. */
    public boolean enabled() {
        return maxAttempts > 0;
    }

    /**
     * The wait before attempt {@code attempt} (1-based): {@code initialDelay × multiplier^(attempt-1)},
     * capped at {@code maxDelay}, then spread by the jitter.
     */
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, got " + attempt);
        }
        double base = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
        double capped = Math.min(base, maxDelay.toNanos());
        double spread = jitter == 0 ? 1.0 : 1.0 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) Math.min(capped * spread, maxDelay.toNanos()));
    }

    /**
     * The default rule for {@link #retryable}: network failures, timeouts, abnormal closes, an
     * expired session, a close the provider's protocol marks retryable (Gemini Live's after its
     * {@code goAway}), and handshakes refused with 408, 429 or 5xx.
     */
    public static boolean isRetryableByDefault(TauException failure) {
        return switch (failure) {
            case HandshakeException h -> h.status() == 408 || h.status() == 429 || h.status() >= 500;
            case ConnectionClosedException c -> RETRYABLE_CLOSE_CODES.contains(c.closeCode()) || c.isSessionExpired()
                    || c.isRetryable();
            case ConnectionException c -> true;
            case TauTimeoutException t -> true;
            default -> false;
        };
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialDelay = initialDelay;
        b.maxDelay = maxDelay;
        b.multiplier = multiplier;
        b.jitter = jitter;
        b.retryable = retryable;
        b.inFlight = inFlight;
        b.journalAudioBytes = journalAudioBytes;
        b.journalAudioAge = journalAudioAge;
        b.journalItems = journalItems;
        b.sleeper = sleeper;
        b.clock = clock;
        b.random = random;
        return b;
    }

    @Override
    public String toString() {
        return enabled() ? "ReconnectPolicy[" + maxAttempts + " attempts, " + initialDelay.toMillis() + "-" + maxDelay.toMillis()
                + " ms ×" + multiplier + " ±" + Math.round(jitter * 100) + "%, " + inFlight + "]" : "ReconnectPolicy[off]";
    }

    /** Builds a {@link ReconnectPolicy}. */
    public static final class Builder {
        private int maxAttempts = 6;
        private Duration initialDelay = Duration.ofMillis(250);
        private Duration maxDelay = Duration.ofSeconds(10);
        private double multiplier = 2.0;
        private double jitter = 0.2;
        private Predicate<? super TauException> retryable = ReconnectPolicy::isRetryableByDefault;
        private InFlight inFlight = InFlight.REQUEST_AGAIN;
        private long journalAudioBytes = 16L * 1024 * 1024;
        private Duration journalAudioAge = Duration.ofMinutes(2);
        private int journalItems = 10_000;
        private Sleeper sleeper = Sleeper.THREAD;
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = RandomGenerator.getDefault();

        private Builder() {
        }

        /** Connection attempts per outage; 0 turns recovery off. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait before the first attempt. */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
            return this;
        }

        /** The longest wait between attempts. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        /** How the wait grows between attempts (at least 1). */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /** The random share of each wait, 0 to 1. */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Which failures are worth another attempt (default {@link #isRetryableByDefault}). */
        public Builder retryable(Predicate<? super TauException> retryable) {
            this.retryable = retryable;
            return this;
        }

        /** What becomes of a running response (default {@link InFlight#REQUEST_AGAIN}). */
        public Builder inFlight(InFlight inFlight) {
            this.inFlight = inFlight;
            return this;
        }

        /** Bytes of user audio the journal keeps for replay (default 16 MiB, about 5.8 minutes at 24 kHz). */
        public Builder journalAudioBytes(long journalAudioBytes) {
            this.journalAudioBytes = journalAudioBytes;
            return this;
        }

        /**
         * How long the journal keeps a committed user audio item's bytes for replay (default 2
         * minutes); older items are replayed as their transcript.
         */
        public Builder journalAudioAge(Duration journalAudioAge) {
            this.journalAudioAge = journalAudioAge;
            return this;
        }

        /** Conversation items the journal keeps (default 10,000). */
        public Builder journalItems(int journalItems) {
            this.journalItems = journalItems;
            return this;
        }

        /** Waits between attempts (default: sleeps the recovering virtual thread). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Measures outages (default: the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** Draws the jitter (default: the JDK's default generator). */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** The policy. */
        public ReconnectPolicy build() {
            return new ReconnectPolicy(maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryable, inFlight,
                    journalAudioBytes, journalAudioAge, journalItems, sleeper, clock, random);
        }
    }
}
