package dev.tau4j.debug;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP side: the UI's page and files (from the jar, {@code debug-ui/}), and a recorded
 * session's downloads. All of it needs the token ({@link Access#checkPage}); nothing is served from
 * the file system and nothing comes from a CDN. Pages forbid framing, sniffing, referrers, caching
 * and any script or connection that is not this server's.
 */
final class Pages extends Handler.Abstract {

    private static final String UI = "/debug-ui/";
    private static final Pattern FILE = Pattern.compile("/ui/([a-z0-9-]+\\.(js|css|svg))");
    private static final Pattern DOWNLOAD = Pattern.compile("/api/sessions/(s[0-9]+)/(events\\.jsonl|output\\.wav|input\\.wav)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8");

    private final Access access;
    private final Hub hub;

    Pages(Access access, Hub hub) {
        this.access = access;
        this.hub = hub;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            return text(response, callback, 405, "only GET");
        }
        if (path.equals("/favicon.ico")) {
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        Access.Verdict verdict = access.checkPage(request);
        if (!verdict.allowed()) {
            return text(response, callback, verdict.status(), "tau4j debug server: " + verdict.reason());
        }
        secure(request, response);
        if (path.equals("/") || path.equals("/index.html")) {
            Response.addCookie(response, access.cookie());
            return resource(response, callback, "index.html", "html");
        }
        Matcher file = FILE.matcher(path);
        if (file.matches()) {
            return resource(response, callback, file.group(1), file.group(2));
        }
        Matcher download = DOWNLOAD.matcher(path);
        if (download.matches()) {
            return download(response, callback, download.group(1), download.group(2));
        }
        return text(response, callback, 404, "not found: " + path);
    }

    private boolean resource(Response response, Callback callback, String name, String extension) throws IOException {
        byte[] body;
        try (InputStream in = Pages.class.getResourceAsStream(UI + name)) {
            if (in == null) {
                return text(response, callback, 404, "not found: " + name);
            }
            body = in.readAllBytes();
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(extension));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private boolean download(Response response, Callback callback, String sid, String what) {
        SessionChannel session = hub.session(sid);
        if (session == null) {
            return text(response, callback, 404, "no session " + sid + " (ended sessions are kept while there are at most "
                    + Hub.MAX_SESSIONS + ")");
        }
        byte[] body = switch (what) {
            case "events.jsonl" -> session.recording.jsonl();
            case "output.wav" -> session.recording.outputWav();
            default -> session.recording.inputWav();
        };
        String type = what.endsWith(".wav") ? "audio/wav" : "application/x-ndjson";
        String file = session.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sid + "-" + what;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The headers of every answer that is not the UI: plain text, nothing allowed. */
    static void refusalHeaders(Response response) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
    }

    private static void secure(Request request, Response response) {
        String host = String.valueOf(request.getHeaders().get(HttpHeader.HOST)).replaceAll("[^A-Za-z0-9.:\\[\\]-]", "");
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; media-src 'self' blob:; connect-src 'self' ws://" + host + ";"
                + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    /** A plain-text answer (a refusal, a 404) that no browser may sniff into a page, run, frame or cache. */
    static boolean text(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        refusalHeaders(response);
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
