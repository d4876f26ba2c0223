package dev.tau4j.bench.audio;

import dev.tau4j.audio.G711;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * G.711 encode and decode throughput. One operation processes 1 MiB of PCM16 (encode) or 1 MiB of
 * G.711 (decode), so ops/s is MiB/s of input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class G711Benchmark {

    private byte[] pcm;
    private byte[] ulaw;
    private byte[] alaw;

    @Setup
    public void setup() {
        pcm = new byte[1 << 20];
        ulaw = new byte[1 << 20];
        alaw = new byte[1 << 20];
        Random random = new Random(1);
        random.nextBytes(pcm);
        random.nextBytes(ulaw);
        random.nextBytes(alaw);
    }

    @Benchmark
    public byte[] encodeUlaw() {
        return G711.encodeUlaw(pcm);
    }

    @Benchmark
    public byte[] decodeUlaw() {
        return G711.decodeUlaw(ulaw);
    }

    @Benchmark
    public byte[] encodeAlaw() {
        return G711.encodeAlaw(pcm);
    }

    @Benchmark
    public byte[] decodeAlaw() {
        return G711.decodeAlaw(alaw);
    }
}
