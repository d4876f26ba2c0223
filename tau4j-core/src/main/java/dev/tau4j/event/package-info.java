/**
 * The realtime protocol as Java records: {@link dev.tau4j.event.ServerEvent} and
 * {@link dev.tau4j.event.ClientEvent} families named after the wire types of the OpenAI GA
 * protocol, and the values they carry (items, content parts, usage, errors).
 */
package dev.tau4j.event;
