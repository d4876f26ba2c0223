package dev.tau4j.debug;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.Wav;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the debug server keeps of one session for the UIs that connect later and for downloads:
 * every relay message (audio payloads elided: the audio is kept apart, as it was sent), the
 * model's audio and the input audio. Bounded: past {@link #MAX_MESSAGE_CHARS} of messages or
 * {@link #MAX_AUDIO_BYTES} per audio stream, nothing more is kept and the count of what was not is
 * reported in the download. Thread-safe (guarded by this).
 */
final class Recording {

    static final long MAX_MESSAGE_CHARS = 16L * 1024 * 1024;
    /** About eleven minutes of PCM16 24 kHz mono per direction. */
    static final int MAX_AUDIO_BYTES = 32 * 1024 * 1024;

    private final List<String> messages = new ArrayList<>();
    private long messageChars;
    private long messagesNotKept;
    private final AudioStream output = new AudioStream();
    private final AudioStream input = new AudioStream();

    /** One direction of audio, in the format of its first chunk. */
    private static final class AudioStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AudioFormat format;
        long bytesNotKept;

        void add(byte[] audio, AudioFormat chunkFormat) {
            if (format == null) {
                format = chunkFormat;
            }
            int frame = format.bytesPerFrame();
            int whole = audio.length / frame * frame;
            if (!chunkFormat.equals(format) || bytes.size() + whole > MAX_AUDIO_BYTES) {
                bytesNotKept += audio.length;
                return;
            }
            bytes.write(audio, 0, whole);
        }

        byte[] wav() {
            return Wav.toBytes(format == null ? AudioFormat.PCM16_24KHZ_MONO : format, bytes.toByteArray());
        }
    }

    synchronized void message(String json) {
        if (messageChars + json.length() > MAX_MESSAGE_CHARS) {
            messagesNotKept++;
            return;
        }
        messages.add(json);
        messageChars += json.length();
    }

    synchronized void output(byte[] audio, AudioFormat format) {
        output.add(audio, format);
    }

    synchronized void input(byte[] audio, AudioFormat format) {
        input.add(audio, format);
    }

    /** The first message (the session's announce) and the last {@code max - 1}, oldest first. */
    synchronized List<String> history(int max) {
        if (messages.size() <= max) {
            return List.copyOf(messages);
        }
        List<String> out = new ArrayList<>(max);
        out.add(messages.getFirst());
        out.addAll(messages.subList(messages.size() - (max - 1), messages.size()));
        return out;
    }

    synchronized int messageCount() {
        return messages.size();
    }

    /** Every kept message, one JSON object per line; a last line counts what was not kept. */
    synchronized byte[] jsonl() {
        StringBuilder b = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, messageChars + messages.size() + 128));
        for (String m : messages) {
            b.append(m).append('\n');
        }
        if (messagesNotKept > 0 || output.bytesNotKept > 0 || input.bytesNotKept > 0) {
            b.append("{\"type\":\"tau.recording_truncated\",\"messages_not_kept\":").append(messagesNotKept)
                    .append(",\"output_audio_bytes_not_kept\":").append(output.bytesNotKept)
                    .append(",\"input_audio_bytes_not_kept\":").append(input.bytesNotKept).append("}\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The model's audio as a WAV file (empty audio when it sent none). */
    synchronized byte[] outputWav() {
        return output.wav();
    }

    /** The input audio (microphone or the application's) as a WAV file. */
    synchronized byte[] inputWav() {
        return input.wav();
    }

    synchronized int outputAudioBytes() {
        return output.bytes.size();
    }

    synchronized int inputAudioBytes() {
        return input.bytes.size();
    }
}
