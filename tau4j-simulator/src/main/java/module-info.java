/**
 * The offline realtime protocol simulator (OpenAI Realtime, with Azure, xAI and Gemini Live
 * dialects): a real WebSocket server on loopback, scripted and faulted from tests, with a JUnit 5
 * extension. It does not depend on tau4j-core.
 */
module dev.tau4j.simulator {
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires transitive org.eclipse.jetty.websocket.api;
    // Messages go out as bytes through Jetty's core session (the API's sendText takes Strings only).
    requires org.eclipse.jetty.websocket.common;
    requires org.eclipse.jetty.websocket.core.common;
    requires static org.junit.jupiter.api;

    exports dev.tau4j.simulator;
    // Jetty calls the socket listener reflectively.
    opens dev.tau4j.simulator.internal to org.eclipse.jetty.websocket.common;
}
