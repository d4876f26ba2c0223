package dev.tau4j.event;

/** Events of one response; {@link #responseId()} names it (null only for events the server sends without one). */
public sealed interface ResponseEvent extends ServerEvent
        permits ResponseCreated, ResponseDone, ResponseOutputItemAdded, ResponseOutputItemDone, ResponseContentPartAdded, ResponseContentPartDone, ResponseOutputTextDelta, ResponseOutputTextDone, ResponseOutputAudioDelta, ResponseOutputAudioDone, ResponseOutputAudioTranscriptDelta, ResponseOutputAudioTranscriptDone, ResponseFunctionCallArgumentsDelta, ResponseFunctionCallArgumentsDone, ResponseMcpCallArgumentsDelta, ResponseMcpCallArgumentsDone, ResponseMcpCallInProgress, ResponseMcpCallCompleted, ResponseMcpCallFailed {
    /** The response this event belongs to. */
    String responseId();
}
