/**
 * The tau4j debug server: a loopback web UI where you hear the model, speak to it and watch every
 * frame of a session, fed by a running session's debug relay. It does not depend on tau4j-core.
 */
module dev.tau4j.debug {
    requires dev.tau4j.audio;
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires org.eclipse.jetty.websocket.api;

    exports dev.tau4j.debug;
    // Jetty calls the socket endpoint reflectively.
    opens dev.tau4j.debug.internal to org.eclipse.jetty.websocket.common;
}
