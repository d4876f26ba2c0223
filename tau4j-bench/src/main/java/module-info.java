/** JMH benchmarks and whole-process harnesses (not published). */
module dev.tau4j.bench {
    requires dev.tau4j.core;
    requires dev.tau4j.simulator;
    requires jmh.core;
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires org.eclipse.jetty.websocket.api;
    requires java.logging;
    requires java.management;
    requires jdk.management;
    requires java.net.http;

    // JMH instantiates the benchmark states and generated classes reflectively.
    opens dev.tau4j.bench.jmh to jmh.core;
}
