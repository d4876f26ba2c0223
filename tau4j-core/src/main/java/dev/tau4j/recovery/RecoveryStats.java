package dev.tau4j.recovery;

import dev.tau4j.Session;

import java.time.Duration;

/**
 * What a session went through to stay up: see {@link Session#recoveryStats()}.
 *
 * @param reconnects         outages recovered (each may have taken several attempts)
 * @param attempts           connection attempts made while recovering
 * @param rollovers          planned switches to a fresh connection before the session cap
 * @param stalls             stalls noticed by the watchdog
 * @param itemsReplayed      conversation items created again on new connections, in all
 * @param responsesRequestedAgain responses interrupted by an outage and asked for again
 * @param lastOutage         how long the last outage lasted, or zero
 * @param totalOutage        how long the session was without a connection, in all
 * @param lastFailure        what ended the last connection that was lost, or null
 */
public record RecoveryStats(
        int reconnects,
        int attempts,
        int rollovers,
        int stalls,
        long itemsReplayed,
        int responsesRequestedAgain,
        Duration lastOutage,
        Duration totalOutage,
        String lastFailure) {

    /** A session that never lost its connection. */
    public static final RecoveryStats NONE = new RecoveryStats(0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null);
}
