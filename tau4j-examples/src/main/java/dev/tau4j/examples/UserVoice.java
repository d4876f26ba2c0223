package dev.tau4j.examples;

import dev.tau4j.Session;
import dev.tau4j.audio.AudioDeviceException;
import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Microphone;
import dev.tau4j.audio.Wav;
import dev.tau4j.simulator.SimAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The user's voice for the examples that listen (tutor, assistant): a WAV file, the microphone,
 * or, offline, simulated speech (the simulator hears only that someone speaks, not words).
 * Audio goes into the session's input buffer, so server VAD decides when the user has finished.
 *
 * @param label what the user says, for printing
 * @param audio PCM16 24 kHz mono, followed by enough silence for server VAD to end the turn
 */
record UserVoice(String label, byte[] audio) {

    /** Silence after each utterance: longer than the tutor's 800 ms of server VAD silence. */
    static final Duration TRAILING_SILENCE = Duration.ofMillis(1_000);
    private static final int CHUNK_BYTES = (int) AudioFormat.PCM16_24KHZ_MONO.bytesFor(Duration.ofMillis(100));
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(30);

    /** Simulated speech as long as saying {@code text} would take (offline stand-in for a real voice). */
    static UserVoice simulated(String text) {
        return new UserVoice(text, concat(SimAudio.speechFor(text), SimAudio.silence(TRAILING_SILENCE)));
    }

    /**
     * A WAV file in any PCM or G.711 format, converted to 24 kHz mono.
     *
     * @throws IllegalArgumentException if the file does not exist or is not a WAV file
     */
    static UserVoice wav(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such WAV file: " + file);
        }
        try {
            byte[] pcm = Wav.read(file).pcm16(AudioFormat.PCM16_24KHZ_MONO.sampleRate(), 1);
            return new UserVoice(file.getFileName().toString(), concat(pcm, SimAudio.silence(TRAILING_SILENCE)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as a WAV file: " + e.getMessage(), e);
        }
    }

    /** Streams this voice into {@code session}'s input buffer, as fast as the send queue takes it. */
    void speak(Session session) {
        for (int off = 0; off < audio.length; off += CHUNK_BYTES) {
            byte[] chunk = Arrays.copyOfRange(audio, off, Math.min(audio.length, off + CHUNK_BYTES));
            long deadline = System.nanoTime() + QUEUE_WAIT.toNanos();
            while (!session.appendInputAudio(chunk)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the send queue stayed full for " + QUEUE_WAIT.toSeconds() + " s");
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    /**
     * Opens the microphone, streaming into {@code session} until closed.
     *
     * @throws IllegalStateException if there is none, saying to pass a WAV file instead
     */
    static Microphone microphone(Session session) {
        try {
            return Microphone.open(AudioFormat.PCM16_24KHZ_MONO, Duration.ofMillis(40), session::appendInputAudio);
        } catch (AudioDeviceException e) {
            throw new IllegalStateException("no microphone here; pass a WAV file of your voice instead ("
                    + e.getMessage() + ")", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
