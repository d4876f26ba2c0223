package dev.tau4j.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is connected and where messages go. Every session's messages go to every UI, each tagged
 * with the session's id ({@code "sid"}); a UI's command goes to the one session it names and no
 * other (tau.js sent the microphone to every session). A UI that connects late first gets each
 * session's recent history, then {@code tau.ready}, then live messages, in that order: both happen
 * under this hub's lock. Sends never block (see {@link UiChannel#send}).
 */
final class Hub {

    /** Sessions kept for the UI and downloads, connected or not; the oldest ended ones go first. */
    static final int MAX_SESSIONS = 32;
    /** How many recent messages of each session a UI gets when it connects. */
    static final int HISTORY_MESSAGES = 2_000;
    private static final Set<String> COMMANDS = Set.of("tau.user_text", "tau.input_audio", "tau.input_audio_end");

    /** Announced sessions by sid, in order of arrival. Guarded by this. */
    private final Map<String, SessionChannel> sessions = new LinkedHashMap<>();
    /** Open UIs. Guarded by this. */
    private final Set<UiChannel> uis = new LinkedHashSet<>();
    /** Guarded by this. */
    private int lastSid;

    synchronized SessionChannel newSession(Access access) {
        return new SessionChannel("s" + ++lastSid, this, access);
    }

    /** Records a session's message and shows it to every UI; the first (its announce) registers it. */
    synchronized void publish(SessionChannel session, SessionChannel.Ingested message, boolean announce) {
        if (announce) {
            sessions.put(session.sid, session);
            evict();
        }
        session.recording.message(message.recorded());
        String live = tagged(session.sid, message.live());
        for (UiChannel ui : uis) {
            ui.send(live);
        }
    }

    /** The relay disconnected: the session stays listed (and downloadable), marked ended. */
    synchronized void sessionEnded(SessionChannel session) {
        if (sessions.get(session.sid) != session) {
            return;
        }
        String ended = "{\"type\":\"tau.ended\",\"t\":" + System.currentTimeMillis() + "}";
        publish(session, new SessionChannel.Ingested(ended, ended), false);
    }

    synchronized void uiOpened(UiChannel ui) {
        for (SessionChannel s : sessions.values()) {
            for (String m : s.recording.history(HISTORY_MESSAGES)) {
                ui.send(tagged(s.sid, m));
            }
        }
        ObjectNode ready = SessionChannel.JSON.createObjectNode().put("type", "tau.ready");
        ArrayNode list = ready.putArray("sessions");
        sessions.values().forEach(s -> list.add(s.summary()));
        ui.send(SessionChannel.write(ready));
        uis.add(ui);
    }

    synchronized void uiClosed(UiChannel ui) {
        uis.remove(ui);
    }

    /** Routes a UI's command to the session it names; tells the UI when there is no such session. */
    void fromUi(UiChannel ui, String text) {
        JsonNode parsed;
        try {
            parsed = SessionChannel.JSON.readTree(text);
        } catch (Exception e) {
            ui.send(error(null, "unreadable message"));
            return;
        }
        if (!(parsed instanceof ObjectNode m)) {
            ui.send(error(null, "a message must be a JSON object"));
            return;
        }
        String type = m.path("type").asText("");
        String sid = m.path("sid").asText("");
        if (!COMMANDS.contains(type)) {
            ui.send(error(sid, "unknown command " + type));
            return;
        }
        SessionChannel target = session(sid);
        if (target == null || !target.connected()) {
            ui.send(error(sid, "no connected session " + sid));
            return;
        }
        m.remove("sid");
        if (!target.command(SessionChannel.write(m)) && !type.equals("tau.input_audio")) {
            ui.send(error(sid, "session " + sid + " is not keeping up; " + type + " dropped"));
        }
    }

    synchronized SessionChannel session(String sid) {
        return sessions.get(sid);
    }

    synchronized List<SessionChannel> sessions() {
        return new ArrayList<>(sessions.values());
    }

    /** Closes every socket; closing one calls back into this hub, hence the copies. */
    void closeAll() {
        List<SessionChannel> toClose;
        List<UiChannel> pages;
        synchronized (this) {
            toClose = new ArrayList<>(sessions.values());
            pages = new ArrayList<>(uis);
        }
        toClose.forEach(SessionChannel::close);
        pages.forEach(UiChannel::close);
    }

    private void evict() {
        var it = sessions.values().iterator();
        while (sessions.size() > MAX_SESSIONS && it.hasNext()) {
            if (!it.next().connected()) {
                it.remove();
            }
        }
    }

    /**
     * {@code {"sid":"s1",…fields of message}}, built as an object: the message (one JSON object, as
     * {@link SessionChannel} accepted it) cannot name another session, since its own {@code sid}
     * is dropped.
     */
    static String tagged(String sid, String message) {
        ObjectNode tagged = SessionChannel.JSON.createObjectNode().put("sid", sid);
        try {
            if (SessionChannel.JSON.readTree(message) instanceof ObjectNode m) {
                m.remove("sid");
                tagged.setAll(m);
            }
        } catch (Exception e) {
            tagged.put("type", "tau.unreadable");
        }
        return SessionChannel.write(tagged);
    }

    private static String error(String sid, String message) {
        ObjectNode e = SessionChannel.JSON.createObjectNode().put("type", "tau.error");
        if (sid != null && !sid.isEmpty()) {
            e.put("sid", sid);
        }
        e.put("message", message);
        e.put("t", System.currentTimeMillis());
        return SessionChannel.write(e);
    }
}
