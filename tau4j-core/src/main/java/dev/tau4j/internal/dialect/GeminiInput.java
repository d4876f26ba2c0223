package dev.tau4j.internal.dialect;

import dev.tau4j.audio.Resampler;
import dev.tau4j.internal.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user's input on one Gemini Live connection: audio resampled to 16 kHz into
 * {@code realtimeInput.audio} messages, how much was sent (the VAD offsets the engine expects),
 * and, with manual turns, the user's activity ({@code activityStart} before the first chunk,
 * {@code activityEnd} when the answer is asked for). Thread-safe: guarded by {@code this}.
 */
final class GeminiInput {

    static final String AUDIO_STREAM_END = "{\"realtimeInput\":{\"audioStreamEnd\":true}}";
    static final String ACTIVITY_START = "{\"realtimeInput\":{\"activityStart\":{}}}";
    static final String ACTIVITY_END = "{\"realtimeInput\":{\"activityEnd\":{}}}";
    private static final byte[] AUDIO_PREFIX = ("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate="
            + GeminiSetup.INPUT_RATE + "\",\"data\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUDIO_SUFFIX = "\"}}}".getBytes(StandardCharsets.US_ASCII);

    /** The rate the session sends at; 24 kHz until the setup says otherwise. */
    private int rate = 24_000;
    /** Null when the session already sends 16 kHz. */
    private Resampler resampler;
    private boolean manualTurns;
    /** Bytes of input audio sent on this connection, at {@link #rate}. */
    private long bytes;
    /** Audio was sent since the last turn, from {@link #turnStartMs}. */
    private boolean audioTurn;
    private long turnStartMs;
    /** With manual turns: an activityStart was sent and its activityEnd not yet. */
    private boolean activityOpen;

    synchronized void configure(int inputRate, boolean manual) {
        rate = inputRate;
        resampler = inputRate == GeminiSetup.INPUT_RATE ? null : Resampler.create(inputRate, GeminiSetup.INPUT_RATE);
        manualTurns = manual;
    }

    /**
     * One chunk of the session's audio as a message at 16 kHz; with manual turns, the activity's
     * start goes first through {@code link}.
     */
    synchronized Transport.Payload audio(byte[] pcm, Dialect.Link link) {
        if (manualTurns && !activityOpen) {
            activityOpen = true;
            link.send(ACTIVITY_START);
        }
        if (!audioTurn) {
            audioTurn = true;
            turnStartMs = ms();
        }
        bytes += pcm.length;
        byte[] at16k = resampler == null ? pcm : resampler.process(pcm);
        byte[] b64 = Base64.getEncoder().encode(at16k);
        byte[] frame = new byte[AUDIO_PREFIX.length + b64.length + AUDIO_SUFFIX.length];
        System.arraycopy(AUDIO_PREFIX, 0, frame, 0, AUDIO_PREFIX.length);
        System.arraycopy(b64, 0, frame, AUDIO_PREFIX.length, b64.length);
        System.arraycopy(AUDIO_SUFFIX, 0, frame, AUDIO_PREFIX.length + b64.length, AUDIO_SUFFIX.length);
        return new Transport.Payload() {
            @Override
            public int length() {
                return frame.length;
            }

            @Override
            public void writeTo(byte[] dst, int offset) {
                System.arraycopy(frame, 0, dst, offset, frame.length);
            }
        };
    }

    /**
     * The user committed the audio: the message that says so (null with manual turns: the activity
     * ends when the answer is asked for, since Gemini answers an activity's end by itself).
     */
    synchronized String commit() {
        audioTurn = false;
        return manualTurns ? null : AUDIO_STREAM_END;
    }

    /** With manual turns, ends an open activity (true: send {@link #ACTIVITY_END}); false when none is open. */
    synchronized boolean endActivity() {
        boolean was = activityOpen;
        activityOpen = false;
        return was;
    }

    /** Whether audio was sent since the last turn (and forgets it). */
    synchronized boolean takeAudioTurn() {
        boolean was = audioTurn;
        audioTurn = false;
        return was;
    }

    synchronized long turnStartMs() {
        return turnStartMs;
    }

    /** Milliseconds of input audio sent on this connection. */
    synchronized long ms() {
        return bytes * 1000 / (rate * 2L);
    }
}
