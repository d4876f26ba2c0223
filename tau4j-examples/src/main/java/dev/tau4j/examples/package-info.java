/**
 * Five example programs (translator, vocaloid, tutor, assistant, ensemble), each a short
 * program with a {@code main}, offline on the simulator unless {@code OPENAI_API_KEY} is set;
 * {@code ./tau example NAME} runs them through {@link dev.tau4j.examples.Examples}.
 */
package dev.tau4j.examples;
