package dev.tau4j.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;

/**
 * Streams audio into a WAV file as it arrives, for recordings of unknown length.
 *
 * <p>Each {@link #write} goes straight to the channel; nothing is buffered beyond the caller's
 * array, so memory stays flat however long the session runs. Until {@link #close()} the header
 * carries the "unknown" sizes {@code 0xFFFFFFFF}, which {@link Wav} (and most players) read as "to
 * the end of the file", so a recording cut short by a crash stays readable; close writes the real
 * RIFF, data and (for G.711) fact sizes and adds the pad byte an odd-sized data chunk needs.
 *
 * <p>Thread-safe: writes from several threads are appended whole, in the order they acquire the
 * writer. Data may be written in any byte counts; a trailing partial frame is ignored by readers.
 * The data chunk is limited to 4 GiB (about 24 hours of 24 kHz PCM16 mono); a write that would
 * pass the limit throws an {@link IOException} and writes nothing.
 */
public final class WavWriter implements AutoCloseable {

    private static final long MAX_DATA = 0xFFFFFFFFL - 1 - 64;

    private final SeekableByteChannel channel;
    private final AudioFormat format;
    private final long start;
    private final int headerSize;
    /** Data bytes written so far; guarded by this. */
    private long dataBytes;
    /** Guarded by this. */
    private boolean closed;

    private WavWriter(SeekableByteChannel channel, AudioFormat format) throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.format = Objects.requireNonNull(format, "format");
        this.start = channel.position();
        byte[] header = Wav.header(format, -1);
        this.headerSize = header.length;
        writeFully(ByteBuffer.wrap(header));
    }

    /**
     * Creates (or truncates) {@code file} and writes the header.
     *
     * @param format encoding, rate and channels of the data to be written
     */
    public static WavWriter create(Path file, AudioFormat format) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new WavWriter(ch, format);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Writes a WAV file into {@code channel} from its current position. The writer owns the channel
     * from now on and closes it on {@link #close()}.
     */
    public static WavWriter create(SeekableByteChannel channel, AudioFormat format) throws IOException {
        return new WavWriter(channel, format);
    }

    public AudioFormat format() {
        return format;
    }

    /** Appends {@code data} (in the writer's format) to the file. */
    public void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /**
     * Appends {@code length} bytes of {@code data} from {@code offset}.
     *
     * @throws IllegalStateException if the writer is closed
     * @throws IOException           if writing fails or the 4 GiB data limit would be passed
     */
    public synchronized void write(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (closed) {
            throw new IllegalStateException("WAV writer is closed");
        }
        if (dataBytes + length > MAX_DATA) {
            throw new IOException("WAV data limit of 4 GiB reached after " + dataBytes + " bytes; start a new file");
        }
        writeFully(ByteBuffer.wrap(data, offset, length));
        dataBytes += length;
    }

    /** Data bytes written so far. */
    public synchronized long dataBytes() {
        return dataBytes;
    }

    /** Playing time of the whole frames written so far. */
    public Duration duration() {
        return format.durationOf(dataBytes());
    }

    /** Fixes the header sizes and closes the channel. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            if ((dataBytes & 1) != 0) {
                writeFully(ByteBuffer.wrap(new byte[1]));
            }
            ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            patch(size.putInt(0, (int) (headerSize - 8 + dataBytes + (dataBytes & 1))), 4);
            patch(size.putInt(0, (int) dataBytes), headerSize - 4);
            int fact = Wav.factOffset(format);
            if (fact >= 0) {
                patch(size.putInt(0, (int) (dataBytes / format.bytesPerFrame())), fact);
            }
        }
    }

    private void patch(ByteBuffer value, int offset) throws IOException {
        channel.position(start + offset);
        writeFully(value.rewind());
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public String toString() {
        return "WavWriter[" + format + ", " + dataBytes() + " bytes]";
    }
}
