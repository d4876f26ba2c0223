package dev.tau4j.recovery;

import dev.tau4j.SessionListener;

import java.time.Duration;
import java.util.Objects;

/**
 * How a session keeps going on real networks: reconnecting ({@link ReconnectPolicy}), rolling over
 * to a fresh connection before the server's session cap, noticing stalls and dead connections, and
 * an optional time-to-live.
 *
 * <ul>
 * <li><b>Rollover.</b> The server ends a session at a cap (60 minutes today). From 90 % of
 *     {@code sessionCap} on, at the first natural pause (no response running, the user not
 *     speaking), the session opens a fresh connection, replays the conversation, and switches: one
 *     logical session to the user. If no pause comes, the expiry is recovered like a drop.</li>
 * <li><b>Stall watchdog.</b> While a response is expected and no server event arrived for
 *     {@code stallTimeout}, listeners get {@link SessionListener#onStall} and the session acts as
 *     {@code stallAction} says.</li>
 * <li><b>Keepalive.</b> With no frame received for {@code keepalive}, the session pings; without an
 *     answer within another {@code keepalive}, it treats the connection as lost. Everything the
 *     server sends counts, its own pings included: once the server has pinged, the session pings
 *     only when the server's next ping is {@code keepalive} overdue (the longest gap between its
 *     pings so far, plus {@code keepalive}), so an idle session sends nothing while they arrive.</li>
 * <li><b>Time-to-live.</b> When set, the session closes itself that long after it opened.</li>
 * </ul>
 *
 * @param reconnect    how to reconnect, replay and what to do with a running response
 * @param sessionCap   the server's maximum session duration; null = never roll over
 * @param stallTimeout silence that counts as a stall while a response is expected; null = no watchdog
 * @param stallAction  what to do about a stall
 * @param keepalive    idle time before a ping, and the time the pong may take; null = no keepalive
 * @param timeToLive   close the session this long after it opened; null = never
 */
public record Resilience(
        ReconnectPolicy reconnect,
        Duration sessionCap,
        Duration stallTimeout,
        StallAction stallAction,
        Duration keepalive,
        Duration timeToLive) {

    /** Reconnect on, rollover before 60 minutes, a 15 s stall watchdog that reconnects, a 5 s keepalive. */
    public static final Resilience DEFAULT = new Resilience(ReconnectPolicy.DEFAULT, Duration.ofMinutes(60),
            Duration.ofSeconds(15), StallAction.RECONNECT, Duration.ofSeconds(5), null);

    /** Nothing: no reconnect, no rollover, no watchdog, no keepalive. A lost connection fails the session. */
    public static final Resilience NONE = new Resilience(ReconnectPolicy.NONE, null, null, StallAction.RECONNECT, null, null);

    /** What the session does when a response stalls. */
    public enum StallAction {
        /** Drop the connection and recover: the response is asked for again on a fresh connection. */
        RECONNECT,
        /** Cancel the response on the same connection and ask for it again. */
        REQUEST_AGAIN,
        /** Only report the stall; the response's own timeout still applies. */
        REPORT
    }

    public Resilience {
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(stallAction, "stallAction");
        requirePositive(sessionCap, "sessionCap");
        requirePositive(stallTimeout, "stallTimeout");
        requirePositive(keepalive, "keepalive");
        requirePositive(timeToLive, "timeToLive");
    }

    private static void requirePositive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " must be positive (or null for off), got " + d);
        }
    }

    /** A copy with {@code reconnect}. */
    public Resilience withReconnect(ReconnectPolicy reconnect) {
        return new Resilience(reconnect, sessionCap, stallTimeout, stallAction, keepalive, timeToLive);
    }

    /** A copy with the session cap (null = never roll over). */
    public Resilience withSessionCap(Duration sessionCap) {
        return new Resilience(reconnect, sessionCap, stallTimeout, stallAction, keepalive, timeToLive);
    }

    /** A copy with the stall watchdog (null timeout = off). */
    public Resilience withStallWatchdog(Duration stallTimeout, StallAction stallAction) {
        return new Resilience(reconnect, sessionCap, stallTimeout, stallAction, keepalive, timeToLive);
    }

    /** A copy with the keepalive interval (null = off). */
    public Resilience withKeepalive(Duration keepalive) {
        return new Resilience(reconnect, sessionCap, stallTimeout, stallAction, keepalive, timeToLive);
    }

    /** A copy with a time-to-live (null = never). */
    public Resilience withTimeToLive(Duration timeToLive) {
        return new Resilience(reconnect, sessionCap, stallTimeout, stallAction, keepalive, timeToLive);
    }

    /** When a rollover is first tried: at 90 % of the {@link #sessionCap()}, or null without a cap. */
    public Duration rolloverAt() {
        return sessionCap == null ? null : Duration.ofMillis(sessionCap.toMillis() * 9 / 10);
    }
}
