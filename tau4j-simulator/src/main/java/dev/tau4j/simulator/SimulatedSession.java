package dev.tau4j.simulator;

import java.util.List;

/**
 * A connection the simulator accepted: its recorded client events and server-side state.
 *
 * <p>Thread-safe: every accessor returns a snapshot taken at call time; state changes between
 * two events of the session thread become visible after the event that caused them was sent.
 */
public final class SimulatedSession {
    private final Connection connection;

    SimulatedSession(Connection connection) {
        this.connection = connection;
    }

    /** The {@code sess_…} id announced in {@code session.created} (for Gemini Live, the simulator's own id). */
    public String id() {
        return connection.sessionId;
    }

    /**
     * The {@code model} query parameter the client connected with, or {@code null}; for Gemini
     * Live, the model of the accepted {@code setup} without its {@code models/} prefix (null before).
     */
    public String model() {
        return connection.model();
    }

    /** True until the connection is closed or dropped by either side. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Snapshot of the default conversation, in order (for a resumed Gemini Live session, including the resumed history). */
    public List<SimItem> conversation() {
        return connection.conversationSnapshot();
    }

    /**
     * The effective session object, as last sent in {@code session.created}/{@code
     * session.updated}; for Gemini Live, the body of the accepted {@code setup} message ({@code {}} before).
     */
    public String configJson() {
        return connection.configJson();
    }

    /** Every client event this session received, in order. */
    public List<RecordedEvent> clientEvents() {
        return connection.clientEvents();
    }

    /** Arms {@code fault} on this live session; it is applied on the session thread between events. */
    public void inject(Fault fault) {
        connection.inject(fault);
    }

    /** All input audio appended so far (session input format, PCM16 24 kHz by default; Gemini Live: PCM16 16 kHz). */
    public byte[] inputAudio() {
        return connection.inputAudio();
    }

    @Override
    public String toString() {
        return "SimulatedSession[" + id() + ", model=" + model() + ", open=" + isOpen() + "]";
    }
}
