package dev.tau4j.recovery;

import dev.tau4j.Session;

import dev.tau4j.internal.Readable;
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
 * @param resumptions        new connections (after a loss or in a rollover) that took up the conversation the
 *                           server kept, with its resumption handle: nothing was replayed onto them (Gemini Live)
 * @param replays            new connections onto which the journal was replayed (every reconnect and rollover of
 *                           an OpenAI-family provider; for Gemini Live when no valid handle existed, or the server
 *                           refused it)
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
        String lastFailure,
        int resumptions,
        int replays) {

    /** A session that never lost its connection. */
    public static final RecoveryStats NONE = new RecoveryStats(0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null, 0, 0);

    /**
     * {@code RecoveryStats[no outage]}, or what happened: {@code RecoveryStats[2 reconnects in 3 attempts,
     * 4 items replayed, outage 1.2 s in all (last 800 ms), last failure: …]}; zero counts are left out.
     */
    @Override
    public String toString() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (reconnects > 0 || attempts > 0) {
            parts.add(Readable.count(reconnects, "reconnect", "reconnects") + " in "
                    + Readable.count(attempts, "attempt", "attempts"));
        }
        if (rollovers > 0) {
            parts.add(Readable.count(rollovers, "rollover", "rollovers"));
        }
        if (stalls > 0) {
            parts.add(Readable.count(stalls, "stall", "stalls"));
        }
        if (resumptions > 0) {
            parts.add(Readable.count(resumptions, "resumption", "resumptions"));
        }
        if (itemsReplayed > 0) {
            parts.add(Readable.count(itemsReplayed, "item", "items") + " replayed");
        }
        if (responsesRequestedAgain > 0) {
            parts.add(Readable.count(responsesRequestedAgain, "response", "responses") + " asked for again");
        }
        if (totalOutage != null && !totalOutage.isZero()) {
            parts.add("outage " + Readable.duration(totalOutage) + " in all (last " + Readable.duration(lastOutage) + ")");
        }
        if (lastFailure != null) {
            parts.add("last failure: " + Readable.clip(lastFailure, 120));
        }
        return "RecoveryStats[" + (parts.isEmpty() ? "no outage" : String.join(", ", parts)) + "]";
    }
}
