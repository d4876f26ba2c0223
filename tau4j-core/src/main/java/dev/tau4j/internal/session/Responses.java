package dev.tau4j.internal.session;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The responses of one session that are running now. Written by the reader (and by a recovery under the state lock). */
final class Responses {

    /** Responses being collected, by response id. */
    final Map<String, ResponseCollector> collectors = new ConcurrentHashMap<>();
    /** Responses given up on (a stall asked for them again): their late events are only charged. */
    final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    /** The in-conversation response running now, or null. */
    volatile String activeResponseId;
    /** Whether the user is speaking (server VAD), so that a rollover waits for a pause. */
    volatile boolean userSpeaking;

    List<ResponseCollector> running() {
        return List.copyOf(collectors.values());
    }
}
