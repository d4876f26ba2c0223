package dev.tau4j.bench.audio;

import dev.tau4j.audio.Resampler;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Streaming resampler throughput. One operation converts one second of mono PCM16 in 20 ms chunks,
 * so the score in ops/s is directly "× real time" on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResamplerBenchmark {

    @Param({"24000:48000", "48000:24000", "8000:24000", "44100:24000"})
    public String pair;

    private Resampler resampler;
    private byte[][] chunks;

    @Setup
    public void setup() {
        String[] rates = pair.split(":");
        int from = Integer.parseInt(rates[0]);
        int to = Integer.parseInt(rates[1]);
        resampler = Resampler.create(from, to);
        int chunkFrames = from / 50;
        chunks = new byte[50][chunkFrames * 2];
        Random random = new Random(1);
        for (byte[] c : chunks) {
            for (int i = 0; i < chunkFrames; i++) {
                short s = (short) (random.nextGaussian() * 4000);
                c[2 * i] = (byte) s;
                c[2 * i + 1] = (byte) (s >> 8);
            }
        }
    }

    @Benchmark
    public int oneSecondIn20msChunks() {
        int n = 0;
        for (byte[] c : chunks) {
            n += resampler.process(c).length;
        }
        return n;
    }
}
