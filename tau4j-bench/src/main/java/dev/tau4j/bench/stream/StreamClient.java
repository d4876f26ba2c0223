package dev.tau4j.bench.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.Response;
import dev.tau4j.ResponseOptions;
import dev.tau4j.event.ResponseOutputAudioDelta;
import dev.tau4j.Session;
import dev.tau4j.TauClient;
import dev.tau4j.TauOptions;
import dev.tau4j.TransportOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * One client process of {@link StreamBench}: connects to the stream server, asks for each pass, and
 * prints per pass {@code pass P events E cpu_ns C alloc_bytes A audio_crc X transcript_crc Y}, then
 * {@code process events E cpu_ns C rss_kb R}.
 * Usage: {@code StreamClient KIND URL PASSES DELTAS}, KIND one of {@code tau4j}, {@code tau4j-jdk},
 * {@code jdk-jackson}, {@code jdk-only}.
 */
public final class StreamClient {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StreamClient() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        URI url = URI.create(args[1]);
        int passes = Integer.parseInt(args[2]);
        int deltas = Integer.parseInt(args[3]);
        long events = 0;
        switch (kind) {
            case "tau4j", "tau4j-jdk" -> events = tau4j(url, passes, kind.equals("tau4j-jdk"));
            case "tau4j-noretain" -> events = tau4jStreaming(url, passes);
            case "jdk-jackson", "jdk-only" -> events = jdk(url, passes, deltas, kind.equals("jdk-only"));
            default -> throw new IllegalArgumentException("unknown client " + kind);
        }
        System.out.println("process events " + events + " cpu_ns " + OS.getProcessCpuTime() + " rss_kb " + peakRssKb());
        System.exit(0);
    }

    private static long tau4j(URI url, int passes, boolean jdkTransport) {
        TransportOptions transport = jdkTransport
                ? TransportOptions.DEFAULT.withImplementation(TransportOptions.Implementation.JDK) : TransportOptions.DEFAULT;
        long events = 0;
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(url).apiKey("sk-bench")
                .responseTimeout(Duration.ofMinutes(10)).transport(transport).build());
             Session session = client.connect()) {
            for (int p = 1; p <= passes; p++) {
                long cpu = OS.getProcessCpuTime();
                long alloc = THREADS.getTotalThreadAllocatedBytes();
                Response r = session.response();
                long cpuUsed = OS.getProcessCpuTime() - cpu;
                long allocated = THREADS.getTotalThreadAllocatedBytes() - alloc;
                int passEvents = 0;
                CRC32C audio = new CRC32C();
                audio.update(r.audio());
                CRC32C text = new CRC32C();
                text.update(r.transcript().getBytes(StandardCharsets.UTF_8));
                passEvents = r.audio().length / GaStream.PCM_BYTES * 2 + GaStream.FIXED_EVENTS;
                events += passEvents;
                report(p, passEvents, cpuUsed, allocated, audio.getValue(), text.getValue());
            }
        }
        return events;
    }

    /**
     * tau4j without audio retention ({@code ResponseOptions.retainAudio(false)}): each pass's audio is
     * consumed from the handle's listener (checksummed chunk by chunk, as a player would consume it),
     * so memory does not grow with the response.
     */
    private static long tau4jStreaming(URI url, int passes) throws Exception {
        long events = 0;
        ResponseOptions streamOnly = ResponseOptions.builder().retainAudio(false).build();
        try (TauClient client = TauClient.create(TauOptions.builder().endpoint(url).apiKey("sk-bench")
                .responseTimeout(Duration.ofMinutes(10)).build());
             Session session = client.connect()) {
            for (int p = 1; p <= passes; p++) {
                CRC32C audio = new CRC32C();
                long[] pcmBytes = {0};
                long cpu = OS.getProcessCpuTime();
                long alloc = THREADS.getTotalThreadAllocatedBytes();
                Response r = session.requestResponse(streamOnly, e -> {
                    if (e instanceof ResponseOutputAudioDelta d) {
                        audio.update(d.audio());
                        pcmBytes[0] += d.audio().length;
                    }
                }).result().get(10, TimeUnit.MINUTES);
                long cpuUsed = OS.getProcessCpuTime() - cpu;
                long allocated = THREADS.getTotalThreadAllocatedBytes() - alloc;
                if (r.audio().length != 0) {
                    throw new IllegalStateException("audio was retained");
                }
                CRC32C text = new CRC32C();
                text.update(r.transcript().getBytes(StandardCharsets.UTF_8));
                int passEvents = (int) (pcmBytes[0] / GaStream.PCM_BYTES * 2 + GaStream.FIXED_EVENTS);
                events += passEvents;
                report(p, passEvents, cpuUsed, allocated, audio.getValue(), text.getValue());
            }
        }
        return events;
    }

    /** A raw JDK WebSocket client: frames only, or Jackson tree + Base64 per event (the user work of the other clients). */
    private static long jdk(URI url, int passes, int deltas, boolean framesOnly) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        final class Listener implements WebSocket.Listener {
            final StringBuilder partial = new StringBuilder();
            CompletableFuture<Void> created = new CompletableFuture<>();
            volatile CompletableFuture<Void> passDone = new CompletableFuture<>();
            CRC32C audio = new CRC32C();
            StringBuilder transcript = new StringBuilder();
            int messages;

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                if (!last) {
                    partial.append(data);
                    ws.request(1);
                    return null;
                }
                messages++;
                if (framesOnly) {
                    if (!created.isDone()) {
                        created.complete(null);
                    } else if (messages == 2 * deltas + GaStream.FIXED_EVENTS + 1) {
                        passDone.complete(null);
                    }
                    partial.setLength(0);
                    ws.request(1);
                    return null;
                }
                String message = partial.isEmpty() ? data.toString() : partial.append(data).toString();
                partial.setLength(0);
                try {
                    JsonNode n = json.readTree(message);
                    switch (n.path("type").asText()) {
                        case "session.created" -> created.complete(null);
                        case "response.output_audio.delta" -> audio.update(Base64.getDecoder().decode(n.get("delta").asText()));
                        case "response.output_audio_transcript.delta" -> transcript.append(n.get("delta").asText());
                        case "response.done" -> passDone.complete(null);
                        default -> { }
                    }
                } catch (Exception e) {
                    passDone.completeExceptionally(e);
                }
                ws.request(1);
                return null;
            }
        }
        Listener listener = new Listener();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(url, listener).get(30, TimeUnit.SECONDS);
        listener.created.get(30, TimeUnit.SECONDS);
        long events = 0;
        for (int p = 1; p <= passes; p++) {
            listener.messages = framesOnly ? 1 : 0;
            listener.audio = new CRC32C();
            listener.transcript = new StringBuilder();
            CompletableFuture<Void> done = new CompletableFuture<>();
            listener.passDone = done;
            long cpu = OS.getProcessCpuTime();
            long alloc = THREADS.getTotalThreadAllocatedBytes();
            ws.sendText("{\"type\":\"response.create\",\"response\":{\"metadata\":{}}}", true).get(30, TimeUnit.SECONDS);
            done.get(10, TimeUnit.MINUTES);
            long cpuUsed = OS.getProcessCpuTime() - cpu;
            long allocated = THREADS.getTotalThreadAllocatedBytes() - alloc;
            CRC32C text = new CRC32C();
            text.update(listener.transcript.toString().getBytes(StandardCharsets.UTF_8));
            int passEvents = framesOnly ? listener.messages - 1 : 2 * deltas + GaStream.FIXED_EVENTS;
            events += passEvents;
            report(p, passEvents, cpuUsed, allocated, framesOnly ? 0 : listener.audio.getValue(),
                    framesOnly ? 0 : text.getValue());
        }
        ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        return events;
    }

    private static void report(int pass, int events, long cpuNs, long allocBytes, long audioCrc, long transcriptCrc) {
        System.out.println("pass " + pass + " events " + events + " cpu_ns " + cpuNs + " alloc_bytes " + allocBytes
                + " audio_crc " + audioCrc + " transcript_crc " + transcriptCrc);
    }

    /** The process's peak resident set (VmHWM), in KiB; -1 where /proc is missing. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
