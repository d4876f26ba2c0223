package dev.tau4j.internal.debug;

import dev.tau4j.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Connects a session to the local debug server (module tau4j-debug). When none is listening the
 * session works normally and says so once.
 */
public final class DebugRelay {

    private static final System.Logger LOG = System.getLogger("dev.tau4j");

    private DebugRelay() {
    }

    /**
     * Attaches {@code session} to the debug server at {@code url}; returns the tap the session
     * feeds its frames to, or {@link DebugTap#NONE} when no server answers. Never throws.
     */
    public static DebugTap attach(Session session, URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "wss".equals(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), 500);
            LOG.log(System.Logger.Level.WARNING, "τ {0}: a debug server answers at {1}, but this build of tau4j-core"
                    + " cannot stream to it yet; the session goes on without it", session.name(), url);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "τ {0}: debug is on but no debug server runs at {1} (start one with"
                    + " ./tau debug start); the session goes on without it", session.name(), url);
        }
        return DebugTap.NONE;
    }
}
