package dev.tau4j.event;

import dev.tau4j.internal.Redaction;
import java.util.List;
import java.util.Map;

/**
 * The response object of {@code response.created} and {@code response.done}.
 *
 * @param id                the response id ({@code resp_…})
 * @param status            {@code in_progress}, {@code completed}, {@code cancelled}, {@code failed}
 *                          or {@code incomplete}
 * @param statusDetails     why it ended so; null when completed normally or in progress
 * @param output            the output items (audio bytes omitted)
 * @param conversationId    the conversation written to, or null for out-of-band responses
 * @param outputModalities  e.g. {@code [audio]} or {@code [text]}
 * @param voice             the voice used, or null
 * @param usage             token usage; null on {@code response.created}
 * @param metadata          the metadata given in {@code response.create}; empty if none
 */
public record ResponseInfo(
        String id,
        String status,
        StatusDetails statusDetails,
        List<Item> output,
        String conversationId,
        List<String> outputModalities,
        String voice,
        Usage usage,
        Map<String, String> metadata) {

    public ResponseInfo {
        output = output == null ? List.of() : List.copyOf(output);
        outputModalities = outputModalities == null ? List.of() : List.copyOf(outputModalities);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
