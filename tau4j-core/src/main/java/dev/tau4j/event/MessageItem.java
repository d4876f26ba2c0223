package dev.tau4j.event;

import dev.tau4j.internal.Redaction;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A message item.
 *
 * @param id       the item id, or null to let the server choose one
 * @param role     {@code user}, {@code assistant} or {@code system}
 * @param status   the item status, or null
 * @param content  the content parts, in order
 */
public record MessageItem(String id, String role, String status, List<ContentPart> content) implements Item {

    public MessageItem {
        Objects.requireNonNull(role, "role");
        content = content == null ? List.of() : List.copyOf(content);
    }

    @Override
    public String type() {
        return "message";
    }

    /** The readable text of the message: every part's text or transcript, joined. Empty if none. */
    public String text() {
        return content.stream()
                .map(ContentPart::textOrTranscript)
                .filter(Objects::nonNull)
                .collect(Collectors.joining());
    }

    /** Like a record's own, with every piece of a live API key masked (a server may echo one). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
