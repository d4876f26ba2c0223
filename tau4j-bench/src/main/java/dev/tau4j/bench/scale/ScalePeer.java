package dev.tau4j.bench.scale;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A light realtime peer for the scale harness, run as its own process so that the client's CPU is
 * measured alone: a Jetty 12 WebSocket server on 127.0.0.1 that sends {@code session.created} on
 * connect and pings every 20 s (as OpenAI's server does; the second argument changes it), answers {@code session.update} with {@code session.updated},
 * {@code input_audio_buffer.commit} with {@code input_audio_buffer.committed} and the user item's
 * {@code conversation.item.added} and {@code .done}, ignores the rest (counting
 * {@code input_audio_buffer.append}s), and in {@code stream} mode sends every connection a
 * {@code response.output_audio.delta} of 100 ms of PCM16 24 kHz every 100 ms, its send time in the
 * event id ({@code ev_<epoch micros>}). Prints {@code port N} once listening, then runs until
 * its standard input closes; for each {@code count} line it reads there it prints
 * {@code count <client pings> <appends>} (the clients' keepalive pings it received so far, answered).
 *
 * <p>Usage: {@code ScalePeer idle|stream [ping interval in ms, default 20000]}
 */
public final class ScalePeer {

    private static final String CREATED = "{\"type\":\"session.created\",\"event_id\":\"ev_c\",\"session\":{\"type\":"
            + "\"realtime\",\"object\":\"realtime.session\",\"id\":\"sess_scale\",\"model\":\"gpt-realtime\","
            + "\"output_modalities\":[\"audio\"]}}";
    private static final String UPDATED = CREATED.replace("session.created", "session.updated").replace("ev_c", "ev_u");
    private static final String AUDIO = Base64.getEncoder().encodeToString(new byte[4800]);
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2);
    private static final AtomicLong APPENDS = new AtomicLong();
    private static final AtomicLong PINGS = new AtomicLong();
    private static final AtomicLong ITEMS = new AtomicLong();

    private ScalePeer() {
    }

    public static void main(String[] args) throws Exception {
        boolean stream = args.length > 0 && args[0].equals("stream");
        long pingMillis = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 2);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ZERO);
            container.setMaxTextMessageSize(1 << 20);
            container.addMapping("/v1/realtime", (request, response, callback) -> new Peer(stream, pingMillis));
        }));
        server.start();
        System.out.println("port " + connector.getLocalPort());
        System.out.flush();
        java.io.BufferedReader commands = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.equals("count")) {
                System.out.println("count " + PINGS.get() + " " + APPENDS.get());
                System.out.flush();
            }
        }
        System.out.println("appends " + APPENDS.get());
        server.stop();
        System.exit(0);
    }

    /** One connection. */
    public static final class Peer implements Session.Listener.AutoDemanding {
        private final boolean stream;
        private final long pingMillis;
        private volatile ScheduledFuture<?> pings;
        private volatile ScheduledFuture<?> deltas;
        private volatile Session session;

        Peer(boolean stream, long pingMillis) {
            this.stream = stream;
            this.pingMillis = pingMillis;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            s.sendText(CREATED, Callback.NOOP);
            long phase = ThreadLocalRandom.current().nextLong(pingMillis);
            pings = TIMER.scheduleAtFixedRate(() -> s.sendPing(ByteBuffer.allocate(0), Callback.NOOP), phase, pingMillis,
                    TimeUnit.MILLISECONDS);
            if (stream) {
                deltas = TIMER.scheduleAtFixedRate(() -> {
                    Instant now = Instant.now();
                    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
                    s.sendText("{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev_" + micros
                            + "\",\"response_id\":\"resp_stream\",\"item_id\":\"item_stream\",\"output_index\":0,"
                            + "\"content_index\":0,\"delta\":\"" + AUDIO + "\"}", Callback.NOOP);
                }, ThreadLocalRandom.current().nextLong(100), 100, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.contains("\"input_audio_buffer.append\"")) {
                APPENDS.incrementAndGet();
            } else if (text.contains("\"input_audio_buffer.commit\"")) {
                // As the server does: committed, then the user's audio item added and done.
                String id = "item_" + ITEMS.incrementAndGet();
                String item = "{\"id\":\"" + id + "\",\"object\":\"realtime.item\",\"type\":\"message\",\"status\":"
                        + "\"completed\",\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"transcript\":null}]}";
                session.sendText("{\"type\":\"input_audio_buffer.committed\",\"event_id\":\"ev_k\",\"previous_item_id\":null,"
                        + "\"item_id\":\"" + id + "\"}", Callback.NOOP);
                session.sendText("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_a\",\"previous_item_id\":null,"
                        + "\"item\":" + item + "}", Callback.NOOP);
                session.sendText("{\"type\":\"conversation.item.done\",\"event_id\":\"ev_d\",\"previous_item_id\":null,"
                        + "\"item\":" + item + "}", Callback.NOOP);
            } else if (text.contains("\"session.update\"")) {
                session.sendText(UPDATED, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            PINGS.incrementAndGet();
            session.sendPong(payload, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            stop();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            stop();
        }

        private void stop() {
            ScheduledFuture<?> p = pings;
            if (p != null) {
                p.cancel(false);
            }
            ScheduledFuture<?> d = deltas;
            if (d != null) {
                d.cancel(false);
            }
        }
    }
}
