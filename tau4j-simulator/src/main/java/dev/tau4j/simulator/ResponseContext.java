package dev.tau4j.simulator;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Responder} sees when a response starts.
 *
 * @param instructions effective instructions (response override, else session)
 * @param conversation the response's context: the default conversation, or the resolved
 *     {@code response.input} items when the client sent one
 * @param lastUserText text (or transcript) of the last user message in the context, or {@code
 *     null}
 * @param tools function tools offered to this response
 * @param toolChoice {@code auto}, {@code none}, {@code required}, or the forced function's name
 *     as {@code function:<name>}
 * @param outputModalities {@code [audio]} or {@code [text]}
 * @param metadata the response's metadata (empty when none)
 * @param outOfBand true for {@code conversation:"none"} responses
 */
public record ResponseContext(
        String instructions,
        List<SimItem> conversation,
        String lastUserText,
        List<Tool> tools,
        String toolChoice,
        List<String> outputModalities,
        Map<String, String> metadata,
        boolean outOfBand) {
    public ResponseContext {
        instructions = instructions == null ? "" : instructions;
        conversation = List.copyOf(conversation);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        outputModalities = List.copyOf(outputModalities);
        metadata = Map.copyOf(metadata);
    }

    /** The last item of the context, or {@code null} when it is empty. */
    public SimItem lastItem() {
        return conversation.isEmpty() ? null : conversation.get(conversation.size() - 1);
    }

    /** The tool called {@code name}, or {@code null}. */
    public Tool tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
