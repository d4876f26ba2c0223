package dev.tau4j.simulator;

import java.util.Objects;

/**
 * Snapshot of one item of a simulated session's default conversation.
 *
 * @param id the item id
 * @param type {@code message}, {@code function_call} or {@code function_call_output}
 * @param role {@code user}, {@code assistant} or {@code system} for messages, else {@code null}
 * @param status {@code completed}, {@code incomplete} or {@code in_progress}
 * @param text the joined {@code input_text}/{@code output_text} parts, or the transcripts of the
 *     audio parts; {@code null} when there is none (e.g. untranscribed user audio)
 * @param audioMs length of the item's input or output audio in milliseconds (0 when none)
 * @param callId function call id for {@code function_call}/{@code function_call_output}
 * @param name function name for {@code function_call}
 * @param arguments JSON arguments for {@code function_call}
 * @param output output for {@code function_call_output}
 * @param json the full item JSON as the server would send it in {@code conversation.item.done}
 */
public record SimItem(
        String id,
        String type,
        String role,
        String status,
        String text,
        long audioMs,
        String callId,
        String name,
        String arguments,
        String output,
        String json) {
    public SimItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
        if (audioMs < 0) {
            throw new IllegalArgumentException("audioMs must be >= 0");
        }
    }
}
