package dev.tau4j.event;

/** Events about the server-side output audio buffer (WebRTC and SIP only). */
public sealed interface OutputAudioBufferEvent extends ServerEvent
        permits OutputAudioBufferStarted, OutputAudioBufferStopped, OutputAudioBufferCleared {}
