package dev.tau4j.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Jetty endpoint forwarding to a {@link Sink}; public only because Jetty requires public endpoint
 * classes. Not API.
 *
 * <p>It reads frames, not messages: Jetty's message API decodes every text message into a String
 * (a quarter of the simulator's CPU under load, measured), while the simulator reads its most
 * frequent message, {@code input_audio_buffer.append}, straight from the bytes. Fragments are
 * joined here up to {@link #MAX_MESSAGE_BYTES}; pings are answered with pongs, as Jetty does for
 * message listeners; closes are completed by Jetty.
 */
public final class SocketListener implements Session.Listener.AutoDemanding {
    /** The largest message a client may send (as Jetty's text message limit before): 32 MiB. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    /**
     * Receiver of the socket's callbacks, called one at a time per socket on Jetty's selector
     * thread, which serves every socket: a callback must never wait.
     */
    public interface Sink {
        /** The socket opened. */
        void opened(Session session);

        /** A whole text message arrived: its UTF-8 bytes, not yet validated; the sink owns the array. */
        void text(byte[] utf8);

        /** A whole binary message of {@code length} bytes arrived. */
        void binary(int length);

        /** The socket closed or failed. */
        void closed();
    }

    private final Sink sink;
    private Session session;
    /** Fragments of the message being received; null between messages. Jetty's thread of the moment. */
    private ByteArrayOutputStream fragments;
    private boolean fragmentsBinary;

    public SocketListener(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        sink.opened(session);
    }

    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        try {
            switch (frame.getType()) {
                case TEXT, BINARY -> {
                    boolean binary = frame.getType() == Frame.Type.BINARY;
                    if (frame.isFin() && fragments == null) {
                        deliver(binary, bytes(frame.getPayload()));
                    } else {
                        fragments = new ByteArrayOutputStream();
                        fragmentsBinary = binary;
                        append(frame);
                    }
                }
                case CONTINUATION -> {
                    if (fragments != null) {
                        append(frame);
                    }
                }
                case PING -> session.sendPong(ByteBuffer.wrap(bytes(frame.getPayload())), Callback.NOOP);
                default -> { }
            }
        } finally {
            callback.succeed();
        }
    }

    private void append(Frame frame) {
        ByteBuffer payload = frame.getPayload();
        int n = payload == null ? 0 : payload.remaining();
        if (fragments.size() + (long) n > MAX_MESSAGE_BYTES) {
            fragments = null;
            session.close(1009, "Message larger than " + MAX_MESSAGE_BYTES + " bytes", Callback.NOOP);
            return;
        }
        fragments.writeBytes(bytes(payload));
        if (frame.isFin()) {
            byte[] whole = fragments.toByteArray();
            fragments = null;
            deliver(fragmentsBinary, whole);
        }
    }

    private void deliver(boolean binary, byte[] payload) {
        if (binary) {
            sink.binary(payload.length);
        } else {
            sink.text(payload);
        }
    }

    private static byte[] bytes(ByteBuffer payload) {
        if (payload == null) {
            return new byte[0];
        }
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        return b;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        sink.closed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        sink.closed();
    }
}
