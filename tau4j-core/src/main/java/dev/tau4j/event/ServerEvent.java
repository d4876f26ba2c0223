package dev.tau4j.event;

/**
 * Every event a realtime server sends, as a record named after its wire type
 * ({@code response.output_audio.delta} → {@link ResponseOutputAudioDelta}). Events of a new or
 * unknown type arrive as {@link UnknownEvent} with their raw JSON: never dropped, never a crash.
 *
 * <p>Switch over events with patterns and keep a {@code default} branch: minor versions may add
 * permitted subtypes as the protocol grows.
 * {@snippet :
 * switch (event) {
 *     case ResponseOutputAudioTranscriptDelta d -> System.out.print(d.delta());
 *     case ServerError e -> System.err.println(e.error().message());
 *     default -> { }
 * }
 * }
 */
public sealed interface ServerEvent
        permits ServerError,
                RateLimitsUpdated,
                McpListToolsInProgress,
                McpListToolsCompleted,
                McpListToolsFailed,
                SessionEvent,
                ConversationEvent,
                InputAudioBufferEvent,
                OutputAudioBufferEvent,
                ResponseEvent,
                UnknownEvent {

    /** The wire type, e.g. {@code "response.done"}. */
    String type();

    /** The server's id of this event ({@code event_…}); null if the server sent none. */
    String eventId();
}
