/** An offline OpenAI Realtime protocol simulator. */
package dev.tau4j.simulator;
