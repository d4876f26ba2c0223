package dev.tau4j.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for tests whose server is a raw socket on loopback, written byte by byte. */
final class RawPeer {

    private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: (\\S+)");

    private RawPeer() {
    }

    /** A server socket on a free loopback port. */
    static ServerSocket listen() {
        try {
            return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a request head up to its blank line. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("eof");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** The {@code Sec-WebSocket-Accept} answering the key in {@code head}. */
    static String accept(String head) throws Exception {
        Matcher m = KEY.matcher(head);
        if (!m.find()) {
            throw new IOException("no Sec-WebSocket-Key in the request");
        }
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                (m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
    }
}
