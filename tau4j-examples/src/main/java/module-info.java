/** tau4j's five runnable examples (translator, vocaloid, tutor, assistant, ensemble), offline on the simulator. */
module dev.tau4j.examples {
    requires transitive dev.tau4j.core;
    requires dev.tau4j.simulator;

    exports dev.tau4j.examples;
    // Automatic tools read the examples' argument records reflectively.
    opens dev.tau4j.examples to dev.tau4j.core, com.fasterxml.jackson.databind;
}
