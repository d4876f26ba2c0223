package dev.tau4j.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.ProtocolException;
import dev.tau4j.event.ServerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the event decoder with mutants of the real captures ({@link FrameMutator}): every input
 * either decodes to an event or is refused with a {@link ProtocolException}; nothing else escapes.
 *
 * <p>The build runs {@code tau4j.fuzz.codec.inputs} inputs (default 100,000), at most
 * {@code tau4j.fuzz.seconds} seconds (default 25; 0 for no limit), from seed {@code tau4j.fuzz.seed}.
 * A long local run (RELIABILITY.md):
 * <pre>
 * ./mvnw -B -o -pl tau4j-core -am verify -Dtest=EventCodecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtau4j.fuzz.codec.inputs=10000000 -Dtau4j.fuzz.seconds=0 -Djunit.jupiter.execution.timeout.mode=disabled
 * </pre>
 */
@Timeout(60)
class EventCodecFuzzTest {

    @Test
    void mutatedCaptureFramesDecodeOrFailWithProtocolExceptionOnly() {
        long inputs = Long.getLong("tau4j.fuzz.codec.inputs", 100_000);
        long seconds = Long.getLong("tau4j.fuzz.seconds", 25);
        long seed = Long.getLong("tau4j.fuzz.seed", 14);
        FrameMutator mutator = new FrameMutator(FrameMutator.captureFrames(), seed);
        for (int i = 0; i < mutator.seedCount(); i++) {
            EventCodec.decode(mutator.seed(i));   // every seed decodes as it is
        }
        long deadline = seconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        long decoded = 0;
        long refused = 0;
        long run = 0;
        Map<String, Long> events = new TreeMap<>();
        List<String> untyped = new ArrayList<>();
        for (; run < inputs && (run % 1024 != 0 || System.nanoTime() < deadline); run++) {
            String frame = mutator.next();
            try {
                ServerEvent event = EventCodec.decode(frame);
                event.toString();
                events.merge(event.getClass().getSimpleName(), 1L, Long::sum);
                decoded++;
            } catch (ProtocolException e) {
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                if (untyped.size() < 10) {
                    untyped.add(e + " on input #" + run + " (seed " + seed + "): " + frame);
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("EventCodecFuzzTest: seed %d, %d seed frames, %d inputs in %.1f s (%.0f/s): %d decoded,"
                + " %d ProtocolException, %d untyped; decoded as %s%n", seed, mutator.seedCount(), run, elapsed,
                run / elapsed, decoded, refused, untyped.size(), events);
        assertThat(untyped).as("exceptions other than ProtocolException").isEmpty();
        assertThat(decoded).isPositive();
        assertThat(refused).isPositive();
    }
}
