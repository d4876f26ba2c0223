/** The local debug server and its browser UI ({@code DebugServer}). */
module dev.tau4j.debug {
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires org.eclipse.jetty.websocket.api;
    requires dev.tau4j.audio;

    exports dev.tau4j.debug;
    // Jetty calls the socket listeners reflectively.
    opens dev.tau4j.debug.internal to org.eclipse.jetty.websocket.common;
}
