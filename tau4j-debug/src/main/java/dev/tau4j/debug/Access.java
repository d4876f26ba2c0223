package dev.tau4j.debug;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may use the debug server: whoever presents its token, through an expected {@code Host},
 * and, for WebSockets opened by a browser, from the server's own page.
 *
 * <ul>
 *   <li><b>Token</b>: random, 256 bits. The page and every download take it from the query
 *       ({@code ?token=}) or from the cookie the page sets (HttpOnly, SameSite=Strict, so the
 *       UI's own files, its socket and the downloads need it in no URL; the page then drops it
 *       from the address bar); a page's WebSocket carries the cookie (or the token in its query).
 *       Compared in constant time. A session's relay never sends it: the relay and the server
 *       prove to each other that they hold it on the socket ({@link SessionChannel}), the server
 *       first, so that whatever else listens on the port learns nothing.</li>
 *   <li><b>Host</b>: on a loopback bind, only {@code 127.0.0.1}, {@code localhost}, {@code [::1]}
 *       and the bound host are served: a DNS-rebinding page (its own name resolving to
 *       127.0.0.1) is refused even before the token is checked.</li>
 *   <li><b>Origin</b>: a WebSocket upgrade with an {@code Origin} header must come from this
 *       server's page ({@code http://<Host>}); a foreign origin is refused, which is what stops
 *       cross-site WebSocket hijacking. Non-browser clients (the session relays) send none.</li>
 * </ul>
 */
final class Access {

    /** The cookie the page sets so that its module files load without the token in their URLs. */
    static final String COOKIE = "tau4j_debug";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    /** Why a request was refused; {@link #OK} when it was not. */
    record Verdict(int status, String reason) {
        static final Verdict OK = new Verdict(0, "");

        boolean allowed() {
            return status == 0;
        }
    }

    private final byte[] token;
    private final String tokenText;
    private final String boundHost;
    private final boolean checkHost;

    Access(String token, String boundHost) {
        this.tokenText = token;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.boundHost = boundHost.toLowerCase(Locale.ROOT);
        this.checkHost = isLoopback(boundHost);
    }

    /** A new random token: 32 bytes, base64url without padding. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String token() {
        return tokenText;
    }

    /** A page or a download: expected Host, and the token in the query or the cookie. */
    Verdict checkPage(Request request) {
        Verdict host = checkHost(request);
        if (!host.allowed()) {
            return host;
        }
        String candidate = Request.extractQueryParameters(request).getValue("token");
        if (candidate == null) {
            candidate = cookie(request);
        }
        return matches(candidate) ? Verdict.OK : new Verdict(403, "this page needs its token: open the URL that"
                + " ./tau debug start (or DebugServer.url()) printed; it ends with ?token=…");
    }

    /**
     * A WebSocket upgrade: expected Host, the server's own Origin (when there is one), and, for a
     * page's socket ({@code withToken}), the token in the query or the page's cookie. A relay's socket is authenticated
     * on the socket instead.
     */
    Verdict checkWebSocket(Request request, boolean withToken) {
        Verdict host = checkHost(request);
        if (!host.allowed()) {
            return host;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            String expected = "http://" + request.getHeaders().get(HttpHeader.HOST);
            if (!origin.equalsIgnoreCase(expected)) {
                return new Verdict(403, "WebSocket from a foreign origin (" + origin + ") refused");
            }
        }
        if (!withToken) {
            return Verdict.OK;
        }
        String candidate = Request.extractQueryParameters(request).getValue("token");
        if (candidate == null) {
            candidate = cookie(request);
        }
        return matches(candidate) ? Verdict.OK : new Verdict(403, "this WebSocket needs the debug server's token in"
                + " its query (?token=…) or the page's cookie");
    }

    /** The cookie to set on the page. */
    HttpCookie cookie() {
        return HttpCookie.build(COOKIE, tokenText).path("/").httpOnly(true).sameSite(HttpCookie.SameSite.STRICT).build();
    }

    /** The proof that the side in {@code role} holds the token (docs/debug.md, "Relay protocol"). */
    String proof(String role, int port, String clientNonce, String serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            String message = "tau4j-debug-auth/1|" + role + "|" + port + "|" + clientNonce + "|" + serverNonce;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private Verdict checkHost(Request request) {
        if (!checkHost) {
            return Verdict.OK;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        String name = host == null ? "" : hostName(host).toLowerCase(Locale.ROOT);
        if (LOOPBACK_NAMES.contains(name) || name.equals(boundHost) || ("[" + boundHost + "]").equals(name)) {
            return Verdict.OK;
        }
        return new Verdict(403, "unexpected Host header (" + host + "): the debug server answers only to"
                + " 127.0.0.1, localhost or [::1]");
    }

    /** The name part of a Host header value: {@code [::1]:30033 → [::1]}, {@code localhost:30033 → localhost}. */
    static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static String cookie(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Whether {@code host} (a literal or {@code localhost}) is a loopback address; names are never resolved. */
    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
