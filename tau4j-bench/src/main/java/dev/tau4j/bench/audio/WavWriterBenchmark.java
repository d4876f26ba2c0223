package dev.tau4j.bench.audio;

import dev.tau4j.audio.AudioFormat;
import dev.tau4j.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Streaming WAV writer throughput to a temp file (page cache, no fsync). One operation writes a
 * 4 MiB recording in 20 ms chunks (960 bytes, 24 kHz mono) and closes it, so MiB/s = 4 × ops/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WavWriterBenchmark {

    private static final int TOTAL = 4 << 20;

    private Path file;
    private byte[] chunk;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = Files.createTempFile("tau4j-bench", ".wav");
        chunk = new byte[960];
        new Random(1).nextBytes(chunk);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long write4MiBIn20msChunks() throws IOException {
        try (WavWriter w = WavWriter.create(file, AudioFormat.PCM16_24KHZ_MONO)) {
            for (int written = 0; written < TOTAL; written += chunk.length) {
                w.write(chunk);
            }
            return w.dataBytes();
        }
    }
}
