package dev.tau4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP proxy that can turn into a black hole: bytes of the connections open at that
 * moment are swallowed both ways while their sockets stay open, as on a dead network path.
 * Connections made afterwards are forwarded normally.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Link(Socket client, Socket upstream, AtomicBoolean blackholed) {
    }

    TcpProxy(URI target) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
    }

    /** The proxy's ws:// URL for a target ws:// URL. */
    URI url(URI ws) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + ws.getRawPath());
    }

    /** Swallows all bytes of the connections open now, keeping them open. */
    void blackholeOpenConnections() {
        links.forEach(l -> l.blackholed().set(true));
    }

    private void accept() {
        while (!closed.get()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                Link link = new Link(client, upstream, new AtomicBoolean());
                links.add(link);
                Thread.ofVirtual().start(() -> pump(client, upstream, link.blackholed()));
                Thread.ofVirtual().start(() -> pump(upstream, client, link.blackholed()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, AtomicBoolean blackholed) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!blackholed.get()) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the other side closed
        }
        if (!blackholed.get()) {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        server.close();
        for (Link l : links) {
            l.client().close();
            l.upstream().close();
        }
    }
}
