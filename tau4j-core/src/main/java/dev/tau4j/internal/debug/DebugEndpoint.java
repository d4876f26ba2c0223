package dev.tau4j.internal.debug;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a session's relay connects and with which token.
 *
 * <p>The token comes from the {@code token} query parameter of the debug URL (the URL that
 * {@code DebugServer.sessionUrl()} returns, or {@code TAU_DEBUG_URL=ws://127.0.0.1:30033/?token=…}),
 * else, for a loopback host, from the token file that {@code ./tau debug start} writes for its
 * port: {@code ~/.tau4j/debug/<port>.token}, readable by its owner only. The token never crosses
 * the wire ({@link RelayAuth} proves it instead) and never appears in {@link #display()}, which is
 * what logs show.
 *
 * @param socket  the WebSocket URI to connect to (path {@code /session}, no query)
 * @param display the same without its query, for messages
 * @param token   the token, or null when none was found
 * @param source  where the token came from, for messages
 */
record DebugEndpoint(URI socket, String display, String token, String source) {

    /** The port the relay connects to, which the authentication binds its proofs to. */
    int port() {
        return socket.getPort();
    }

    /** The path of the session endpoint on the debug server. */
    static final String SESSION_PATH = "/session";

    /** The token file of the debug server listening on {@code port}, under {@code home}. */
    static Path tokenFile(Path home, int port) {
        return home.resolve(".tau4j").resolve("debug").resolve(port + ".token");
    }

    /** Resolves {@code url} (as configured) against the token file under {@code home}. */
    static DebugEndpoint resolve(URI url, Path home) {
        String scheme = url.getScheme() == null ? "ws" : url.getScheme();
        String host = url.getHost() == null ? "127.0.0.1" : url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : "wss".equals(scheme) ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() || "/".equals(url.getRawPath())
                ? SESSION_PATH : url.getRawPath();
        String authority = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        String display = scheme + "://" + authority + path;
        String token = queryParameter(url.getRawQuery(), "token");
        String source = "the debug URL";
        if (token == null && isLoopback(host)) {
            token = readTokenFile(tokenFile(home, port));
            source = "~/.tau4j/debug/" + port + ".token";
        }
        if (token == null) {
            source = "nowhere (no token in the debug URL, no token file ~/.tau4j/debug/" + port + ".token)";
        }
        return new DebugEndpoint(URI.create(display), display, token, source);
    }

    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name) && eq >= 0) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static String readTokenFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? null : token;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;   // never resolve names here: a lookup could hang the relay
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
