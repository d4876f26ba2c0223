package dev.tau4j.internal.debug;

import dev.tau4j.Session;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects a session to the local debug server (module tau4j-debug) and streams what it shows:
 * every frame both ways, state changes, responses with usage and cost; and runs what the debug
 * UI sends to that session (text, microphone audio). When no server answers, or it refuses the
 * session, the session works normally and says so once.
 *
 * <h2>Trusting no one on the port</h2>
 * Whatever listens on the debug port must prove it holds the debug server's token before the
 * relay sends it anything of the session, and the relay runs no command before that
 * ({@link RelayAuth}); the token itself never crosses the wire. Frames are relayed with every
 * piece of a live key masked, each inside a message the relay builds as a JSON object
 * ({@link RelayMessages#event}), so a frame cannot pose as another relay message.
 *
 * <p>The protocol and the token rules are in docs/debug.md and {@link DebugEndpoint}.
 */
public final class DebugRelay {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** One client for every relay; its callbacks run on virtual threads, never on the common pool. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private DebugRelay() {
    }

    /**
     * Attaches {@code session} to the debug server at {@code url} and returns the tap the session
     * feeds its frames to at once: it connects in the background, and what the session shows
     * meanwhile waits in the tap's bounded queue. When no server accepts the session, the tap
     * drops everything and one warning is logged. Never blocks, never throws.
     */
    public static DebugTap attach(Session session, URI url) {
        return attach(session, url, (String) null);
    }

    /**
     * Like {@link #attach(Session, URI)}, keeping {@code secret} (the session's key, may be null)
     * among the masked ones until the relay has sent its last message: the relay writes after the
     * session ended, when its client may have released the key.
     */
    public static DebugTap attach(Session session, URI url, String secret) {
        return attach(session, url, secret, null);
    }

    /** Like {@link #attach(Session, URI, String)}, announcing the session's {@code provider} (its name) to the UI. */
    public static DebugTap attach(Session session, URI url, String secret, String provider) {
        return attach(session, url, Path.of(System.getProperty("user.home", ".")), secret, provider);
    }

    static DebugTap attach(Session session, URI url, Path home) {
        return attach(session, url, home, null, null);
    }

    static DebugTap attach(Session session, URI url, Path home, String secret, String provider) {
        DebugEndpoint endpoint;
        try {
            endpoint = DebugEndpoint.resolve(url, home);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "τ {0}: debug is on but the debug URL is not usable ({1}); the session"
                    + " goes on without it", session.name(), e.getMessage());
            return DebugTap.NONE;
        }
        if (endpoint.token() == null) {
            LOG.log(System.Logger.Level.WARNING, "τ {0}: debug is on but there is no token for the debug server at {1}"
                    + " (found {2}); is one running? Start one with ./tau debug start, or put the session URL it prints in"
                    + " TAU_DEBUG_URL; the session goes on without it", session.name(), endpoint.display(), endpoint.source());
            return DebugTap.NONE;
        }
        Relay relay = new Relay(session, endpoint.display(), secret, provider);
        relay.begin(endpoint);
        return relay;
    }

    /** Opens the relay's socket, or logs why not (once) and returns null. Blocks up to a few seconds. */
    static WebSocket connect(Session session, DebugEndpoint endpoint, WebSocket.Listener listener) {
        try {
            WebSocket ws = HTTP.newWebSocketBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(endpoint.socket(), listener)
                    .get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.DEBUG, "τ {0}: streaming to the debug server at {1}", session.name(), endpoint.display());
            return ws;
        } catch (ExecutionException e) {
            warn(session, endpoint, e.getCause());
        } catch (TimeoutException e) {
            warn(session, endpoint, new HttpTimeoutException("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** The peer did not prove it holds the token: nothing of the session was sent to it. */
    static void notProved(Session session, DebugEndpoint endpoint, String what) {
        LOG.log(System.Logger.Level.WARNING, "τ {0}: what listens at {1} {2}, so it did not prove it holds the debug"
                + " server''s token (token from {3}): a wrong token, or not a tau4j debug server. Nothing of the session"
                + " was sent to it; the session goes on without it", session.name(), endpoint.display(), what, endpoint.source());
    }

    private static void warn(Session session, DebugEndpoint endpoint, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            LOG.log(System.Logger.Level.WARNING, "τ {0}: the debug server at {1} refused this session (HTTP {2}): {3}."
                    + " Put the session URL that ./tau debug start prints in TAU_DEBUG_URL (or DebugServer.sessionUrl()"
                    + " in TauOptions.debugUrl); the session goes on without it", session.name(), endpoint.display(),
                    status, status == 401 || status == 403 ? "its token is missing or wrong (token from "
                            + endpoint.source() + ")" : "unexpected answer");
        } else if (isRefused(cause)) {
            LOG.log(System.Logger.Level.WARNING, "τ {0}: debug is on but no debug server runs at {1} (start one with"
                    + " ./tau debug start); the session goes on without it", session.name(), endpoint.display());
        } else {
            LOG.log(System.Logger.Level.WARNING, "τ {0}: debug is on but the debug server at {1} could not be reached"
                    + " ({2}); the session goes on without it", session.name(), endpoint.display(), String.valueOf(cause));
        }
    }

    private static boolean isRefused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
