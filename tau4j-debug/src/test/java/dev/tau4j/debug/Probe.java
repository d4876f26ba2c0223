package dev.tau4j.debug;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw HTTP/1.1 over a socket, to try requests a browser or an attacker could make with exactly the
 * headers we choose (the JDK clients refuse to set Host, and set Origin only on request).
 */
final class Probe {

    /** A response's status line code, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private Probe() {
    }

    /** GET {@code path} with {@code headers}; Host defaults to 127.0.0.1:port. */
    static Answer get(int port, String path, Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + port);
        all.putAll(headers);
        all.put("Connection", "close");
        return exchange(port, path, all);
    }

    /** A WebSocket upgrade of {@code path}; 101 means it was accepted. */
    static Answer upgrade(int port, String path, Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + port);
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        all.put("Sec-WebSocket-Version", "13");
        all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString("tau4j-probe-key!".getBytes(StandardCharsets.US_ASCII)));
        all.putAll(headers);
        return exchange(port, path, all);
    }

    private static Answer exchange(int port, String path, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    responseHeaders.merge(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim(),
                            (a, b) -> a + "\n" + b);
                }
            }
            String body = "";
            if (status != 101) {
                String length = responseHeaders.get("content-length");
                body = length != null ? new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8)
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(status, responseHeaders, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
