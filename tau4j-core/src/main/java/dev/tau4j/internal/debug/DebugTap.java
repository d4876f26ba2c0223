package dev.tau4j.internal.debug;

/**
 * What a session shows the debug server: every text frame, both ways, as it crosses the wire.
 * The API key travels only in the handshake's header; a frame that holds a piece of it anyway (a
 * server echoing it) is masked before it is relayed ({@link RelayMessages}). Implementations
 * must not block: they are called on the session's reader and on senders' threads.
 */
public interface DebugTap {

    /** A tap that shows nothing: debug off, or no debug server listening. */
    DebugTap NONE = new DebugTap() {
        @Override
        public void received(String frame) {
        }

        @Override
        public void sent(String frame) {
        }

        @Override
        public void close() {
        }
    };

    /** A frame the server sent. */
    void received(String frame);

    /** A frame the session sent. */
    void sent(String frame);

    /** The session could not be opened (refused, or its setup failed): shown as its error before it ends. */
    default void failed(Throwable error) {
    }

    /** The session ended; release the relay. */
    void close();
}
