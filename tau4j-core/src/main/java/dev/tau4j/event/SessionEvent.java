package dev.tau4j.event;

/** Events about the session configuration. */
public sealed interface SessionEvent extends ServerEvent
        permits SessionCreated, SessionUpdated {}
