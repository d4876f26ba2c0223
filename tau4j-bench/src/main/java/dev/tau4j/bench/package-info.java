/** JMH benchmarks and scale harnesses. */
package dev.tau4j.bench;
