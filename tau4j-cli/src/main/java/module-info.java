/**
 * The {@code tau} command line: demo, say, simulator, debug, cost, audio and example commands over
 * tau4j. It has no API; {@code dev.tau4j.cli.Main} is its entry point.
 */
module dev.tau4j.cli {
    requires dev.tau4j.core;
    requires dev.tau4j.simulator;
    requires dev.tau4j.examples;
    requires dev.tau4j.debug;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires java.net.http;

    // picocli reads and writes the commands' annotated fields reflectively.
    opens dev.tau4j.cli to info.picocli;
}
