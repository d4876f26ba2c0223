package dev.tau4j.bench.jmh;

import dev.tau4j.Session;
import dev.tau4j.SessionListener;
import dev.tau4j.SessionOptions;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import dev.tau4j.internal.dialect.Dialect;
import dev.tau4j.internal.session.DefaultSession;
import dev.tau4j.internal.transport.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.tau4j.event.ServerEvent;
import dev.tau4j.internal.codec.EventCodec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What tau4j spends per server event on the hot path, without the socket: decoding a frame, and
 * decoding plus dispatching it through a session (internal state, the response collector, one
 * listener). Frames are the real sizes: 100 ms of PCM16 24 kHz audio per delta (6,400 base64
 * characters), a few words per transcript delta.
 *
 * <p>The session is the real engine over an in-memory transport (no socket): the benchmark hands
 * frames to the connection's frame handler, as the transport's reader would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionDispatchBenchmark {

    static final int DELTAS_PER_RESPONSE = 100;

    private byte[] audioDelta;
    private byte[] transcriptDelta;
    private byte[] created;
    private byte[] done;
    private Session session;
    /** The connection's frame handler: the session's reader path. */
    private Transport.FrameHandler wire;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] pcm = new byte[4_800];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 31);
        }
        audioDelta = utf8("{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_CtA1eH6j7K8l9Z0x1C2v3\","
                + "\"response_id\":\"resp_bench\",\"item_id\":\"item_CtA1eMn1Bv2Cx3Zl4Kj5H\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}");
        transcriptDelta = utf8("{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"event_CtA1eG5h6J7k8L9z0X1c2\","
                + "\"response_id\":\"resp_bench\",\"item_id\":\"item_CtA1eMn1Bv2Cx3Zl4Kj5H\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\" there, nice to\",\"obfuscation\":\"Qm3pX9aLk2Vb\"}");
        created = utf8("{\"type\":\"response.created\",\"event_id\":\"event_1\",\"response\":{\"object\":\"realtime.response\","
                + "\"id\":\"resp_bench\",\"status\":\"in_progress\",\"status_details\":null,\"output\":[],"
                + "\"conversation_id\":\"conv_1\",\"output_modalities\":[\"audio\"],\"usage\":null,\"metadata\":null}}");
        done = utf8("{\"type\":\"response.done\",\"event_id\":\"event_2\",\"response\":{\"object\":\"realtime.response\","
                + "\"id\":\"resp_bench\",\"status\":\"completed\",\"status_details\":null,\"output\":[],"
                + "\"conversation_id\":\"conv_1\",\"output_modalities\":[\"audio\"],\"usage\":{\"total_tokens\":10,"
                + "\"input_tokens\":5,\"output_tokens\":5,\"input_token_details\":{\"text_tokens\":5,\"audio_tokens\":0,"
                + "\"cached_tokens\":0},\"output_token_details\":{\"text_tokens\":1,\"audio_tokens\":4}},\"metadata\":null}}");
        TauOptions options;
        // Resolved as a client resolves them (price table, timeouts...): the session is opened below without one.
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint("ws://127.0.0.1:9/v1/realtime")
                .apiKey("sk-bench").build())) {
            options = client.options();
        }
        Transport inMemory = new Transport() {
            @Override
            public CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Duration timeout,
                    FrameHandler handler) {
                wire = handler;
                byte[] sessionCreated = utf8("{\"type\":\"session.created\",\"event_id\":\"event_0\",\"session\":"
                        + "{\"type\":\"realtime\",\"id\":\"sess_bench\",\"model\":\"gpt-realtime\"}}");
                handler.onText(sessionCreated, 0, sessionCreated.length);
                return CompletableFuture.completedFuture(new Connection() {
                    @Override
                    public CompletableFuture<Void> sendText(String frame) {
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletableFuture<Void> sendText(Payload frame) {
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public void sendPing() {
                    }

                    @Override
                    public void close(int code, String reason) {
                    }

                    @Override
                    public void abort() {
                    }
                });
            }
        };
        session = DefaultSession.open(options, SessionOptions.DEFAULTS, "bench", inMemory, Dialect.OPENAI_GA,
                List.of(new SessionListener() {
                    @Override
                    public void onEvent(Session s, ServerEvent event) {
                        // a listener that looks at every event, as an application would
                        if (event.eventId() == null) {
                            throw new AssertionError();
                        }
                    }
                }), () -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public ServerEvent decodeAudioDelta() {
        return EventCodec.decode(audioDelta, 0, audioDelta.length);
    }

    @Benchmark
    public ServerEvent decodeTranscriptDelta() {
        return EventCodec.decode(transcriptDelta, 0, transcriptDelta.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A whole response of audio deltas through the session: per event, creation and completion amortised. */
    @Benchmark
    @OperationsPerInvocation(DELTAS_PER_RESPONSE + 2)
    public void dispatchAudioResponse(Blackhole bh) {
        wire.onText(created, 0, created.length);
        for (int i = 0; i < DELTAS_PER_RESPONSE; i++) {
            wire.onText(audioDelta, 0, audioDelta.length);
        }
        wire.onText(done, 0, done.length);
        bh.consume(session.usage());
    }

    /** Transcript deltas through the session. */
    @Benchmark
    @OperationsPerInvocation(DELTAS_PER_RESPONSE + 2)
    public void dispatchTranscriptResponse(Blackhole bh) {
        wire.onText(created, 0, created.length);
        for (int i = 0; i < DELTAS_PER_RESPONSE; i++) {
            wire.onText(transcriptDelta, 0, transcriptDelta.length);
        }
        wire.onText(done, 0, done.length);
        bh.consume(session.usage());
    }
}
