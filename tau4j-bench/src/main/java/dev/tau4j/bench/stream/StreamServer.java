package dev.tau4j.bench.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback WebSocket server that plays {@link GaStream}: {@code session.created} on connect, then for
 * the K-th {@code response.create} of a connection the K-th pass, echoing the request's metadata.
 * The pass's pre-serialised frames are written in blocking writes of whole frames (TCP backpressure:
 * the server never runs ahead of the client by more than the socket buffers). Answers pings and closes.
 */
final class StreamServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITE_CHUNK = 64 * 1024;

    private final List<GaStream> passes;
    private final ServerSocket server;

    StreamServer(List<GaStream> passes) throws IOException {
        this.passes = passes;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("stream-server").start(this::accept);
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/v1/realtime";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("stream-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            Matcher m = KEY.matcher(head);
            if (!m.find()) {
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            synchronized (out) {
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(GaStream.sessionCreated());
            }
            int next = 0;
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                int opcode = b0 & 0x0F;
                if (opcode == 0x8) {
                    synchronized (out) {
                        out.write(new byte[] {(byte) 0x88, 2, payload.length >= 2 ? payload[0] : 0x03,
                                payload.length >= 2 ? payload[1] : (byte) 0xE8});
                    }
                    return;
                } else if (opcode == 0x9) {
                    synchronized (out) {
                        out.write(new byte[] {(byte) 0x8A, (byte) payload.length});
                        out.write(payload);
                    }
                } else if (opcode == 0x1) {
                    JsonNode event = JSON.readTree(payload);
                    if ("response.create".equals(event.path("type").asText()) && next < passes.size()) {
                        JsonNode metadata = event.path("response").path("metadata");
                        GaStream pass = passes.get(next++);
                        String meta = metadata.isObject() ? metadata.toString() : "{}";
                        Thread.ofPlatform().daemon().name("stream-pass").start(() -> play(out, pass, meta));
                    }
                }
            }
        } catch (Exception e) {
            // the client left
        }
    }

    private static void play(OutputStream out, GaStream pass, String metadata) {
        try {
            synchronized (out) {
                out.write(pass.head(metadata));
            }
            int[] offsets = pass.offsets;
            int from = 0;
            for (int i = 1; i < offsets.length; i++) {
                if (offsets[i] - offsets[from] >= WRITE_CHUNK || i == offsets.length - 1) {
                    synchronized (out) {
                        out.write(pass.frames, offsets[from], offsets[i] - offsets[from]);
                    }
                    from = i;
                }
            }
            synchronized (out) {
                out.write(pass.tail(metadata));
            }
        } catch (IOException e) {
            // the client left
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 16_384 && !sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("eof");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
