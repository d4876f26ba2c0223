/** The {@code tau} command line. */
module dev.tau4j.cli {
    requires dev.tau4j.core;
    requires dev.tau4j.simulator;
    requires dev.tau4j.examples;
    requires dev.tau4j.debug;
    requires info.picocli;
    requires java.logging;
    requires java.net.http;

    // picocli reads the commands' annotations and fields reflectively.
    opens dev.tau4j.cli to info.picocli;
}
