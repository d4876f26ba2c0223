package dev.tau4j.internal.session;

import dev.tau4j.event.ClientEvent;
import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.Redaction;
import java.util.regex.Pattern;

/**
 * {@code TAU_LOGGING}: 0 logs nothing here (errors are logged where they happen), 1 one line per
 * event, 2 every event in full with audio payloads elided. Through {@link System.Logger}.
 */
final class EventLogger {

    private static final System.Logger LOG = System.getLogger("dev.tau4j.events");
    /** Base64 payloads of audio fields: long runs in "delta" or "audio" values. */
    private static final Pattern AUDIO = Pattern.compile("\"(delta|audio)\":\"([A-Za-z0-9+/=]{8})[A-Za-z0-9+/=]{16,}\"");

    private final String name;
    private final int level;

    EventLogger(String name, int level) {
        this.name = name;
        this.level = level;
    }

    /** Whether {@link #received} and {@link #sent} need the frame's text (else they may get null). */
    boolean logsFrames() {
        return level >= 2;
    }

    /** {@code frame} is null for an event the dialect made up (no frame carried it): its type is logged. */
    void received(ServerEvent event, String frame) {
        if (level == 1 || (level >= 2 && frame == null)) {
            LOG.log(System.Logger.Level.INFO, "τ {0} ← {1}", name, event.type());
        } else if (level >= 2) {
            LOG.log(System.Logger.Level.INFO, "τ {0} ← {1}", name, elide(frame));
        }
    }

    /** {@code frame} is null for an event no frame carried (the dialect answered it itself): its type is logged. */
    void sent(ClientEvent event, String frame) {
        if (level == 1 || (level >= 2 && frame == null)) {
            LOG.log(System.Logger.Level.INFO, "τ {0} → {1}", name, event.type());
        } else if (level >= 2) {
            LOG.log(System.Logger.Level.INFO, "τ {0} → {1}", name, elide(frame));
        }
    }

    static String elide(String frame) {
        return Redaction.redact(AUDIO.matcher(frame).replaceAll("\"$1\":\"$2…\""));
    }
}
