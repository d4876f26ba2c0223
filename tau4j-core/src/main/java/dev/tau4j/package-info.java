/** The tau4j session API. */
package dev.tau4j;
