package dev.tau4j.audio;

import java.io.IOException;

/**
 * A WAV file is malformed or uses a format the toolkit does not read. The message names the
 * problem, for example {@code "fmt chunk missing"}, {@code "unsupported format tag 85 (MP3)"} or
 * {@code "data chunk truncated: header says 96000 bytes, file has 1200"}.
 *
 * <p>Checked, and an {@link IOException}, because it arises while reading a file: callers that
 * already handle I/O failures handle it too, and those that want to tell a bad file from a failed
 * disk can catch it first.
 */
public final class WavFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public WavFormatException(String message) {
        super(message);
    }
}
