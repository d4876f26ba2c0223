package dev.tau4j.event;

/** Events about the input audio buffer and server voice activity detection. */
public sealed interface InputAudioBufferEvent extends ServerEvent
        permits InputAudioBufferCommitted, InputAudioBufferCleared, InputAudioBufferSpeechStarted, InputAudioBufferSpeechStopped, InputAudioBufferTimeoutTriggered, InputAudioBufferDtmfEventReceived {}
