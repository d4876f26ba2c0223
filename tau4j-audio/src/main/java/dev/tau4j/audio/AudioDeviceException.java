package dev.tau4j.audio;

/**
 * No sound device could be opened for the requested audio, or the device failed. The message says
 * which formats were tried, why each failed, and which mixers the JVM found, for example
 * {@code "No audio output for PCM16 24000 Hz mono (tried 24000, 48000, 44100 Hz): ... Mixers found: none"}.
 *
 * <p>Unchecked: a missing device is a configuration problem, not something a caller retries. On a
 * headless server use {@link Speaker#virtual}.
 */
public final class AudioDeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AudioDeviceException(String message) {
        super(message);
    }

    public AudioDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
